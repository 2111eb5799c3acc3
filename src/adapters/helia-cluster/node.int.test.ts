import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { MemoryDatastore } from 'datastore-core/memory'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../../test/support/postgres-server.ts'
import { createClusterHelia, peerMultiaddr } from './node.ts'
import type { ClusterHelia, ClusterPeer } from './node.ts'

async function member (): Promise<{ key: PrivateKey, peer: ClusterPeer }> {
  const key = await generateKeyPair('Ed25519')
  return { key, peer: { peerId: peerIdFromPrivateKey(key).toString(), addr: `/ip4/127.0.0.1/tcp/${await freePort()}` } }
}

describe('cluster libp2p node: the connection gater', () => {
  const started: ClusterHelia[] = []
  afterEach(async () => { await Promise.all(started.splice(0).map(async (h) => h.stop())) })

  async function start (self: { key: PrivateKey, peer: ClusterPeer }, peers: ClusterPeer[]): Promise<ClusterHelia> {
    const helia = createClusterHelia({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() }, { privateKey: self.key, listen: self.peer.addr, peers })
    await helia.start()
    started.push(helia)
    return helia
  }

  it('connects listed peers, and refuses a peer the cluster does not list, both ways', { timeout: 20_000 }, async () => {
    const [a, b, rogue] = [await member(), await member(), await member()]
    const nodeA = await start(a, [a.peer, b.peer])
    const nodeB = await start(b, [a.peer, b.peer])
    // the rogue lists A (so its own gater lets it try); A's list does not name the rogue
    const nodeRogue = await start(rogue, [rogue.peer, a.peer])

    await nodeB.libp2p.dial(peerMultiaddr(a.peer))
    for (let i = 0; i < 100 && !nodeA.libp2p.getPeers().map(String).includes(b.peer.peerId); i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(nodeA.libp2p.getPeers().map(String)).toContain(b.peer.peerId)

    // the rogue's dial may complete its side of the handshake before A's gater drops the connection
    await nodeRogue.libp2p.dial(peerMultiaddr(a.peer), { signal: AbortSignal.timeout(5_000) }).catch(() => undefined)
    for (let i = 0; i < 100 && nodeRogue.libp2p.getPeers().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(nodeRogue.libp2p.getPeers()).toEqual([])
    expect(nodeA.libp2p.getPeers().map(String)).not.toContain(rogue.peer.peerId)
    // and A never dials a peer or an address outside its list
    const refused = await nodeA.libp2p.dial(peerMultiaddr(rogue.peer), { signal: AbortSignal.timeout(5_000) }).then(() => 'connected', (e: unknown) => (e as Error).name)
    expect(refused).toBe('DialDeniedError')
    expect(nodeA.libp2p.getPeers().map(String)).not.toContain(rogue.peer.peerId)
  })

  it('listens only where it is told and runs no DHT or discovery', async () => {
    const a = await member()
    const node = await start(a, [a.peer])
    expect(node.libp2p.getMultiaddrs().map((m) => m.toString())).toEqual([`${a.peer.addr}/p2p/${a.peer.peerId}`])
    expect(Object.keys(node.libp2p.services)).toEqual(['identify'])
  })
})
