// A scripted browser for the OpenID Connect tests: fetch with a cookie jar per host:port and
// redirects followed by hand, so a test can stop at the provider's redirect back to the
// host and change what it carries (state, code), as an attacker would.

export class Agent {
  jar = new Map();

  cookieHeader(url) {
    const cookies = this.jar.get(url.host);
    return cookies === undefined ? '' : [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url, response) {
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const cookies = this.jar.get(url.host) ?? new Map();
      if (value === '' || /max-age=0/i.test(set)) cookies.delete(name);
      else cookies.set(name, value);
      this.jar.set(url.host, cookies);
    }
  }

  async request(href, { method = 'GET', form, headers = {} } = {}) {
    const url = new URL(href);
    const cookie = this.cookieHeader(url);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie === '' ? {} : { cookie }),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...headers,
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    this.keep(url, response);
    const body = await response.text();
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      headers: response.headers,
      body,
      location: location === null ? null : new URL(location, url),
    };
  }

  /** Follows redirects from `href` until a page, or until `stop(url)` says to halt before it. */
  async follow(href, options = {}, stop = () => false) {
    let answer = await this.request(href, options);
    while (answer.location !== null && answer.status >= 300 && answer.status < 400) {
      if (stop(answer.location)) return answer;
      answer = await this.request(answer.location.href);
    }
    return answer;
  }
}

/** The action of the first form on a page (oidc-provider's dev interaction pages). */
export const formAction = (page) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
  if (action === undefined)
    throw new Error(`no form on ${page.url} (${page.status}): ${page.body.slice(0, 200)}`);
  return new URL(action.replaceAll('&amp;', '&'), page.url).href;
};

/**
 * Signs in at the host through the provider's login and consent pages, stopping at the
 * provider's redirect back to the host's callback. Returns that redirect (code, state).
 */
export const throughProvider = async (agent, host, kind, login) => {
  const callback = (url) => url.pathname === `/oidc/${kind}/callback`;
  const loginPage = await agent.follow(`${host}/oidc/${kind}/start`, {}, callback);
  const afterLogin = await agent.follow(
    formAction(loginPage),
    { method: 'POST', form: { prompt: 'login', login, password: 'any' } },
    callback,
  );
  if (afterLogin.location !== null && callback(afterLogin.location)) return afterLogin.location;
  const afterConsent = await agent.follow(
    formAction(afterLogin),
    { method: 'POST', form: { prompt: 'consent' } },
    callback,
  );
  if (afterConsent.location === null || !callback(afterConsent.location))
    throw new Error(
      `the provider did not send the browser back: ${afterConsent.status} ${afterConsent.body.slice(0, 300)}`,
    );
  return afterConsent.location;
};
