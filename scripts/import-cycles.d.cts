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

/** The import graph of a package's src folder (see import-cycles.cjs). */
export declare function importGraph(srcDir: string): {
  /** Each file (relative to src) and the files it imports. */
  readonly files: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each immediate sub-folder of src ("." for its own files) and the folders it imports. */
  readonly folders: ReadonlyMap<string, ReadonlySet<string>>;
  /** For each "a -> b" folder import, the file imports that make it. */
  readonly folderEdges: ReadonlyMap<string, readonly string[]>;
};
