import { MemoryStore } from '../../src/store/memory-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryStore', { open: async () => new MemoryStore() });
