/**
 * The EVM anchoring adapter: the ledger's tree heads anchored to anchors/HealthAnchor.sol with ethers v6,
 * checked back against the chain, and proof bundles that anyone can check with ethers alone.
 */
export { ANCHORED_TOPIC, HEALTH_ANCHOR_ARTIFACT, anchorCalldata, deployHealthAnchor, healthAnchorInterface, parseAnchoredLog, treeSizeTopic } from './contract.ts'
export type { AnchoredLog, Deployment } from './contract.ts'
export { Chain, readKeyFile } from './chain.ts'
export { EvmAnchorer } from './evm-anchorer.ts'
export type { AnchorOutcome, EvmAnchorerOptions } from './evm-anchorer.ts'
export { checkAnchors } from './check-chain.ts'
export type { AnchorProblem, CheckAnchorsInput, CheckAnchorsReport } from './check-chain.ts'
export { buildProofBundle } from './proof-bundle.ts'
export type { ProofBundle, ProofBundleOptions } from './proof-bundle.ts'
export { anchorConfigFromEnv, startAnchoring } from './config.ts'
export type { AnchorConfig } from './config.ts'
