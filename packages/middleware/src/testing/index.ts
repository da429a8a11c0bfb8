export { tokenStoreContract } from './contract.js';
export type { ContractHarness } from './contract.js';
