/** The import circles of one package's src folder (see import-cycles.cjs). */
export interface Cycles {
  /** Groups of files (relative to src, with /) that import each other, directly or not. */
  readonly fileCycles: readonly (readonly string[])[];
  /** Groups of src's immediate sub-folders ("." for files directly in src) that do. */
  readonly folderCycles: readonly (readonly string[])[];
  /** For each "a -> b" import between folders of a folder circle, the file imports that make it. */
  readonly folderEdges: Readonly<Record<string, readonly string[]>>;
  readonly fileCount: number;
}

export declare function cyclesOf(srcDir: string): Cycles;

/** The specifiers a TypeScript source imports or re-exports, comments ignored. */
export declare function specifiersOf(text: string): string[];
