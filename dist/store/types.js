/**
 * The storage port. Channels depend on this interface only; `SqliteStore` is the embedded default
 * and `MemoryStore` serves tests. Methods are async so a server database can implement it later.
 */
export {};
//# sourceMappingURL=types.js.map