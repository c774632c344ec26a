export {};
//# sourceMappingURL=digest-source.js.map