/**
 * Checkpoints as C2SP signed notes (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint), signed
 * with Ed25519 (@noble/curves). The body is `<origin>\n<size>\n<base64 root>\n`; the note adds an empty line
 * and one `— <name> <base64(keyId || signature)>` line per signature. keyId = SHA-256(name || 0x0A || 0x01 ||
 * public key)[:4]; a verifier key is written `<name>+<keyId hex>+<base64(0x01 || public key)>`.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { makeError } from '../errors.ts'

const encoder = new TextEncoder()
const ED25519_ALG = 0x01
const EM_DASH = '\u2014'

/** A checkpoint's content: the log's origin line, tree size and RFC 9162 root. */
export interface Checkpoint { origin: string, size: number, root: Uint8Array }

/** Signs checkpoint bodies under a key name (the log's origin, by convention). */
export interface NoteSigner {
  readonly name: string
  readonly publicKey: Uint8Array
  sign(message: Uint8Array): Uint8Array
}

function checkKeyName (name: string): void {
  if (typeof name !== 'string' || name.length === 0 || /[\s+]/u.test(name)) {
    throw new TypeError('a note key name must be non-empty without spaces or "+"')
  }
}

/** The 4-byte key id of an Ed25519 note key (signed-note "Signatures"). Throws TypeError for a bad name. */
export function noteKeyId (name: string, publicKey: Uint8Array): Uint8Array {
  checkKeyName(name)
  return sha256(new Uint8Array([...encoder.encode(name), 0x0a, ED25519_ALG, ...publicKey])).slice(0, 4)
}

/** `<name>+<key id hex>+<base64(0x01 || public key)>`, the verifier key that note tools (e.g. `note.NewVerifier`) read. */
export function verifierKey (name: string, publicKey: Uint8Array): string {
  const id = Buffer.from(noteKeyId(name, publicKey)).toString('hex')
  return `${name}+${id}+${Buffer.from([ED25519_ALG, ...publicKey]).toString('base64')}`
}

/** A {@link NoteSigner} over an Ed25519 secret key (32 bytes). Throws RangeError for another length. */
export function ed25519NoteSigner (name: string, secretKey: Uint8Array): NoteSigner {
  checkKeyName(name)
  if (secretKey.length !== 32) throw new RangeError('an Ed25519 secret key is 32 bytes')
  const key = secretKey.slice()
  return { name, publicKey: ed25519.getPublicKey(key), sign: (message) => ed25519.sign(message, key) }
}

/**
 * The checkpoint body (tlog-checkpoint): origin, decimal size, standard base64 root, each line ending in `\n`.
 * @throws TypeError for an origin with a newline or nothing in it; RangeError for a bad size or root
 */
export function checkpointBody (c: Checkpoint): string {
  if (typeof c.origin !== 'string' || c.origin.length === 0 || c.origin.includes('\n')) throw new TypeError('origin must be one non-empty line')
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new RangeError('size must be a non-negative integer')
  if (c.root.length !== 32) throw new RangeError('root must be 32 bytes')
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString('base64')}\n`
}

/**
 * A signed note (signed-note): `text` (ending in `\n`), an empty line, then the signature line.
 * @throws TypeError for text that is empty, does not end in a newline or holds an empty line
 */
export function signNote (text: string, signer: NoteSigner): string {
  if (text.length === 0 || !text.endsWith('\n') || text.includes('\n\n')) throw new TypeError('note text must end in one newline and hold no empty line')
  const sig = signer.sign(encoder.encode(text))
  const line = Buffer.from([...noteKeyId(signer.name, signer.publicKey), ...sig]).toString('base64')
  return `${text}\n${EM_DASH} ${signer.name} ${line}\n`
}

/** A signed checkpoint note. Throws as {@link checkpointBody}. */
export function signCheckpoint (c: Checkpoint, signer: NoteSigner): string {
  return signNote(checkpointBody(c), signer)
}

/**
 * Verifies a signed note against a verifier key and returns its text. Signature lines by other keys
 * (witness cosignatures) are ignored; at least one must be by this key and valid.
 * @throws MedledgerError BAD_INPUT for a malformed note or verifier key; PROOF_INVALID when no valid
 *   signature by the key is present
 */
export function openNote (note: string, vkey: string): string {
  const bad = (what: string): never => { throw makeError(`malformed ${what}`, 'BAD_INPUT') }
  // <name>+<hex id>+<base64 key>: the name holds no '+', but standard base64 may, so split at the first two only
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(vkey.trim())
  if (m === null) return bad('verifier key')
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string]
  const keyBytes = Buffer.from(keyB64, 'base64')
  if (keyBytes.length !== 33 || keyBytes[0] !== ED25519_ALG) return bad('verifier key')
  const publicKey = new Uint8Array(keyBytes.subarray(1))
  const keyId = noteKeyId(name, publicKey)
  if (Buffer.from(keyId).toString('hex') !== idHex) return bad('verifier key')
  const split = note.lastIndexOf('\n\n')
  if (split < 0 || !note.endsWith('\n')) return bad('note')
  const text = note.slice(0, split + 1)
  let ok = false
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = new RegExp(`^${EM_DASH} (\\S+) (\\S+)$`, 'u').exec(line)
    if (m === null) return bad('signature line')
    if (m[1] !== name) continue
    const sig = Buffer.from(m[2]!, 'base64')
    if (sig.length !== 68 || !Buffer.from(sig.subarray(0, 4)).equals(Buffer.from(keyId))) continue
    try { ok ||= ed25519.verify(new Uint8Array(sig.subarray(4)), encoder.encode(text), publicKey) } catch { /* not a signature */ }
  }
  if (!ok) throw makeError('note signature does not verify', 'PROOF_INVALID', { proof: 'note' })
  return text
}

/**
 * Verifies a signed checkpoint (see {@link openNote}) and parses its body; extension lines are ignored.
 * @throws MedledgerError BAD_INPUT / PROOF_INVALID as {@link openNote}; BAD_INPUT for a malformed body
 */
export function openCheckpoint (note: string, vkey: string): Checkpoint {
  const lines = openNote(note, vkey).slice(0, -1).split('\n')
  const bad = (what: string): never => { throw makeError(`malformed ${what}`, 'BAD_INPUT') }
  if (lines.length < 3) return bad('checkpoint')
  const [origin, sizeText, rootB64] = lines as [string, string, string]
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) return bad('checkpoint size')
  const root = new Uint8Array(Buffer.from(rootB64, 'base64'))
  if (root.length !== 32 || Buffer.from(root).toString('base64') !== rootB64) return bad('checkpoint root')
  return { origin, size: Number(sizeText), root }
}
