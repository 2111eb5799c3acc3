import { describe, expect, it } from 'vitest'
import { checkpointBody, ed25519NoteSigner, openCheckpoint, openNote, signCheckpoint, signNote, verifierKey } from './checkpoint.ts'

// golang.org/x/mod/sumdb/note package documentation and note_test.go: the PeterNeumann example
// (signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").
const GO_SKEY_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1)
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = 'If you think cryptography is the answer to your problem,\nthen you don\'t know what your problem is.\n'
const GO_NOTE = GO_TEXT + '\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'

describe('C2SP signed note', () => {
  it('reproduces the Go sumdb/note vector byte for byte', () => {
    const signer = ed25519NoteSigner('PeterNeumann', new Uint8Array(GO_SKEY_SEED))
    expect(verifierKey(signer.name, signer.publicKey)).toBe(GO_VKEY)
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE)
    expect(openNote(GO_NOTE, GO_VKEY)).toBe(GO_TEXT)
  })

  it('rejects a changed text, a foreign key and malformed input with codes', () => {
    expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), GO_VKEY)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
    const other = ed25519NoteSigner('PeterNeumann', new Uint8Array(32).fill(7))
    expect(() => openNote(GO_NOTE, verifierKey('PeterNeumann', other.publicKey))).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
    expect(() => openNote(GO_NOTE, 'PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }))
    expect(() => openNote(GO_TEXT, GO_VKEY)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }))
  })

  it('signs and opens checkpoints (tlog-checkpoint body), ignoring cosignature lines by other keys', () => {
    const signer = ed25519NoteSigner('example.org/medledger', new Uint8Array(32).fill(1))
    const root = new Uint8Array(32).fill(0xab)
    const note = signCheckpoint({ origin: 'example.org/medledger', size: 1234, root }, signer)
    expect(note.startsWith('example.org/medledger\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n\u2014 example.org/medledger ')).toBe(true)
    const witness = ed25519NoteSigner('witness.example', new Uint8Array(32).fill(2))
    const cosigned = note + signNote(checkpointBody({ origin: 'example.org/medledger', size: 1234, root }), witness).split('\n\n')[1]!
    const opened = openCheckpoint(cosigned, verifierKey(signer.name, signer.publicKey))
    expect(opened.size).toBe(1234)
    expect([...opened.root]).toEqual([...root])
    expect(() => checkpointBody({ origin: 'a\nb', size: 1, root })).toThrow(TypeError)
    expect(() => checkpointBody({ origin: 'a', size: -1, root })).toThrow(RangeError)
  })

  it('reads verifier keys whose base64 holds a "+" (transparency-dev/formats note tests: TEST+7997405c+AQcC+FTV…)', () => {
    const plusKey = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6'
    const pub = new Uint8Array(Buffer.from(plusKey.split('+').slice(2).join('+'), 'base64').subarray(1))
    expect(verifierKey('TEST', pub)).toBe(plusKey)
    // a key of our own whose verifier key has a '+' in its base64 opens its notes
    let seed = 0
    let signer = ed25519NoteSigner('plus.example', new Uint8Array(32).fill(seed))
    while (!verifierKey(signer.name, signer.publicKey).split('+').slice(2).join('+').includes('+')) signer = ed25519NoteSigner('plus.example', new Uint8Array(32).fill(++seed))
    const vkey = verifierKey(signer.name, signer.publicKey)
    expect(openNote(signNote('hello\n', signer), vkey)).toBe('hello\n')
  })
})
