/**
 * The one way to name a stream: `<category>-<id>`. Ids are opaque (uuids, ODS codes);
 * never put personal data (NHS number, phone, e-mail) in a stream name.
 */
export const streamName = (category: string, id: string): string => {
  if (!/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/.test(category)) {
    throw new Error(`Invalid stream category "${category}": use lowerCamelCase letters and digits`);
  }
  if (id.length === 0) throw new Error(`Empty id for stream category "${category}"`);
  return `${category}-${id}`;
};

/** The category of a stream name (the part before the first `-`). */
export const streamCategory = (name: string): string => {
  const dash = name.indexOf('-');
  return dash < 0 ? name : name.slice(0, dash);
};
