// Renders one utterance with the GnuSpeech articulatory synthesizer (@echogarden/gnuspeech-wasm).
// Usage: node render.mjs MODULE_DIR < job.json
//   MODULE_DIR: the installed package folder (the one holding wasm/gnuspeech.js).
//   job.json:   {"text": "...", "out": "x.wav", "voice": "<voice file text>", "control": "<trm_control_model.txt text>",
//                "seed": "<decimal uint64>"}
// The synthesizer draws its intonation jitter from the platform's random source; this script replaces that source
// with a generator seeded by the job, so one job always gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'

const fail = (msg) => { process.stderr.write(`gnuspeech: ${msg}\n`); process.exit(2) }
const moduleDir = process.argv[2]
if (!moduleDir) fail('usage: node render.mjs MODULE_DIR < job.json')
let job
try { job = JSON.parse(readFileSync(0, 'utf8')) } catch (e) { fail(`job on stdin is not JSON: ${e.message}`) }
for (const k of ['text', 'out', 'voice', 'control', 'seed'])
  if (typeof job[k] !== 'string' || job[k].length === 0) fail(`job field '${k}' is missing or not a non-empty string`)

// 64-bit linear congruential generator (Knuth's MMIX constants); the upper 32 bits of each state are the output.
let state = BigInt.asUintN(64, BigInt(job.seed))
const next32 = () => {
  state = BigInt.asUintN(64, state * 6364136223846793005n + 1442695040888963407n)
  return Number(state >> 32n)
}
const seeded = {
  getRandomValues(a) {
    const bits = a.BYTES_PER_ELEMENT * 8
    for (let i = 0; i < a.length; i++) a[i] = bits >= 32 ? next32() : next32() & ((1 << bits) - 1)
    return a
  },
}
Object.defineProperty(globalThis, 'crypto', { value: seeded, configurable: true })

const { default: init } = await import(pathToFileURL(join(moduleDir, 'wasm', 'gnuspeech.js')).href)
const m = await init()
const data = '/data/en'
m.FS.writeFile(`${data}/trm_control_model.txt`, job.control)
m.FS.writeFile(`${data}/voice_ww.txt`, job.voice)

const cstring = (s) => {
  const bytes = new TextEncoder().encode(s)
  const p = m._malloc(bytes.length + 1)
  m.HEAPU8.set(bytes, p)
  m.HEAPU8[p + bytes.length] = 0
  return p
}
const out = '/tmp/out.wav'
const args = [job.text, out, data, '/tmp/params.txt'].map(cstring)
const rc = m._GnuSpeech_synthesizeToFile(args[0], args[1], args[2], args[3], 0)
args.forEach((p) => m._free(p))
if (rc !== 0) fail(`synthesizer returned ${rc} for '${job.text}'`)
let wav
try { wav = m.FS.readFile(out) } catch { fail(`no audio for '${job.text}'`) }
writeFileSync(job.out, wav)
