import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARTIFACT_PATH, artifactText, compileHealthAnchor } from '../../anchors/compile.ts'
import { anchorCalldata, parseAnchoredLog, treeSizeTopic, ANCHORED_TOPIC } from '../../src/adapters/ledger-evm/index.ts'

describe('anchors/HealthAnchor.json', () => {
  it('is what anchors/HealthAnchor.sol compiles to (run `npm run anchors:compile` after editing the contract)', () => {
    expect(readFileSync(ARTIFACT_PATH, 'utf8')).toBe(artifactText(compileHealthAnchor()))
  })

  it('has no external function whose selector could collide with the first bytes of a root', () => {
    const artifact = JSON.parse(readFileSync(ARTIFACT_PATH, 'utf8')) as { abi: Array<{ type: string }> }
    expect(artifact.abi.filter((item) => item.type === 'function')).toEqual([])
  })
})

describe('anchor calldata', () => {
  const root = 'ab'.repeat(32)

  it('is the root then the tree size in as few bytes as it needs', () => {
    expect(anchorCalldata(1024, root)).toBe('0x' + root + '0400')
    expect(anchorCalldata(1, root)).toBe('0x' + root + '01')
    expect(anchorCalldata(2 ** 40, '0x' + root)).toBe('0x' + root + '010000000000')
  })

  it('rejects a bad tree size or root with RangeError', () => {
    expect(() => anchorCalldata(0, root)).toThrow(RangeError)
    expect(() => anchorCalldata(1.5, root)).toThrow(RangeError)
    expect(() => anchorCalldata(1, 'ab')).toThrow(RangeError)
  })

  it('round-trips through the Anchored log', () => {
    const log = { topics: [ANCHORED_TOPIC, treeSizeTopic(1024)], data: '0x' + root, transactionHash: '0x' + '11'.repeat(32), blockNumber: 7, address: '0x' + '22'.repeat(20) }
    expect(parseAnchoredLog(log)).toMatchObject({ treeSize: 1024, root, blockNumber: 7 })
    expect(parseAnchoredLog({ ...log, topics: ['0x' + '00'.repeat(32), treeSizeTopic(1)] })).toBeUndefined()
  })
})
