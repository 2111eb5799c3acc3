import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import type { HeliaWithLibp2p } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import type { Identify } from '@libp2p/identify'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { noise } from '@libp2p/noise'
import { peerIdFromString } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Blockstore } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'
import { createHeliaLight } from 'helia'

/** A member of the cluster: its peer id and the address it listens on. */
export interface ClusterPeer {
  /** Peer id (base58btc, e.g. `12D3KooW…`). */
  peerId: string
  /** Its TCP multiaddr, e.g. `/ip4/127.0.0.1/tcp/4101`. */
  addr: string
}

/** The libp2p side of one cluster node. */
export interface ClusterNetworkOptions {
  /** This node's identity (Ed25519). */
  privateKey: PrivateKey
  /** Where this node listens, e.g. `/ip4/127.0.0.1/tcp/4101`. */
  listen: string
  /** Every member of the cluster (this node may be among them); no other peer is ever dialled or admitted. */
  peers: ClusterPeer[]
}

/** The services a cluster node's libp2p runs. */
export interface ClusterServices extends Record<string, unknown> { identify: Identify }

/** A started-or-not Helia node on the cluster's own libp2p network, with bitswap. */
export type ClusterHelia = HeliaWithLibp2p<ClusterServices>

/**
 * A Helia node (createHeliaLight over the given stores) joined to the cluster's private libp2p network:
 * TCP with noise and yamux on `listen`, identify, bitswap; no bootstrap, no DHT, no peer discovery, and a
 * connection gater that admits only the listed peers (dials to other peers or addresses are refused, and
 * so is any inbound connection whose remote peer is not listed). Not started: call `start()`.
 * @throws TypeError for a malformed peer id or multiaddr
 */
export function createClusterHelia (stores: { blockstore: Blockstore, datastore: Datastore }, network: ClusterNetworkOptions): ClusterHelia {
  const listed = new Set(network.peers.map((p) => peerIdFromString(p.peerId).toString()))
  const addrs = new Set(network.peers.map((p) => multiaddr(p.addr).toString()))
  const allowedPeer = (peerId: PeerId): boolean => listed.has(peerId.toString())
  const allowedAddr = (ma: Multiaddr): boolean => addrs.has(ma.decapsulateCode(421).toString()) // strip /p2p/<id>
  const helia = createHeliaLight({ ...stores, blockBrokers: [], routers: [] })
  return withBitswap(withLibp2pLight(helia, {
    privateKey: network.privateKey,
    addresses: { listen: [network.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    connectionGater: {
      denyDialPeer: (peerId) => !allowedPeer(peerId),
      denyDialMultiaddr: (ma) => !allowedAddr(ma),
      denyInboundEncryptedConnection: (peerId) => !allowedPeer(peerId),
      denyOutboundEncryptedConnection: (peerId) => !allowedPeer(peerId)
    },
    services: { identify: identify() }
  }), {
    // fetchDag issues a whole level's wants in one tick, so they form one want list without waiting the
    // default 10 ms for more (measured: bodystore.put.replicated)
    sendWantlistDebounce: 1
  })
}

/** Multiaddr of a listed peer with its `/p2p/<id>` suffix, for dialling. */
export function peerMultiaddr (peer: ClusterPeer): Multiaddr {
  return multiaddr(`${peer.addr}/p2p/${peer.peerId}`)
}
