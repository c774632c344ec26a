/** The data the digest core works on. Plain objects only: no I/O handles, no SDK types. */
export {};
//# sourceMappingURL=types.js.map