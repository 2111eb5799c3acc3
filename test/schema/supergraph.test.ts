import { describe, expect, it } from 'vitest'
import { composeSupergraph, readSupergraph } from '../../src/gateway/compose.ts'

describe('schema/supergraph.graphql', () => {
  it('is what the subgraph SDL files compose to (run npm run compose after editing schema/)', () => {
    expect(readSupergraph()).toBe(composeSupergraph())
  })
})
