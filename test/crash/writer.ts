// Child process for the crash test: writes records `crash-<i>` for i from what the data folder already holds
// up to `total`, in batches, printing `ack <i>` for the last record of a batch once the batch is acknowledged.
import { openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, syntheaSample } from '../support/data.ts'

const [dir, totalArg, batchArg] = process.argv.slice(2)
const total = Number(totalArg)
const batch = Number(batchArg ?? 100)
const patient = patientKeys('crash')
const resources = syntheaSample()

const data = await openDataDir(dir!, { blockMaxEntries: 256 })
let next = data.index.count()
process.stdout.write(`start ${next}\n`)
while (next < total) {
  const upto = Math.min(next + batch, total)
  const inputs = []
  for (let i = next; i < upto; i++) inputs.push({ patient, recordId: `crash-${i}`, resource: { ...resources[i % resources.length]!, id: `crash-${i}` } })
  await data.spine.write(inputs, { actor: 'crash-writer' })
  process.stdout.write(`ack ${upto - 1}\n`)
  next = upto
}
await data.close()
process.stdout.write('done\n')
