// Runs face-api's original FaceLandmark68Net (TensorFlow.js, pure-JS CPU backend) on the agreement test's crops
// and writes its outputs as JSON. Called by run-reference.sh, which installs the pinned packages.
// usage: node run-reference.js <crops folder holding crops.json> <output json> <shipped model folder>
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const MODEL_FILES = ['face_landmark_68_model-weights_manifest.json', 'face_landmark_68_model.bin'];

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function main() {
  const [cropsDir, outFile, shippedDir] = process.argv.slice(2);
  if (!cropsDir || !outFile || !shippedDir) {
    console.error('usage: node run-reference.js <crops folder> <output json> <shipped model folder>');
    process.exit(2);
  }
  const packageDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
  const modelDir = path.join(packageDir, 'model');
  // the reference must run the very weights the repository ships
  for (const f of MODEL_FILES) {
    const a = sha256(path.join(modelDir, f));
    const b = sha256(path.join(shippedDir, f));
    if (a !== b) throw new Error(`${f}: the package's sha256 ${a} differs from the shipped file's ${b}`);
  }
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(cropsDir, 'crops.json'), 'utf8'));
  const results = [];
  for (const crop of manifest.crops) {
    const png = PNG.sync.read(fs.readFileSync(path.join(cropsDir, crop.file)));
    const rgb = new Int32Array(png.width * png.height * 3);
    for (let p = 0; p < png.width * png.height; p++) {
      for (let c = 0; c < 3; c++) rgb[3 * p + c] = png.data[4 * p + c];
    }
    const input = faceapi.tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
    const landmarks = await faceapi.nets.faceLandmark68Net.detectLandmarks(input);
    input.dispose();
    const points = [];
    for (const p of landmarks.positions) points.push(p.x, p.y);
    results.push({ name: crop.name, file: crop.file, width: png.width, height: png.height, landmarks68: points });
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const doc = {
    generator: 'bench/landmark68-reference/run-reference.sh',
    faceApi: `${pkg.name}@${pkg.version}`,
    tfjs: tf.version_core,
    backend: faceapi.tf.getBackend(),
    node: process.version,
    modelSha256: Object.fromEntries(MODEL_FILES.map((f) => [f, sha256(path.join(modelDir, f))])),
    frame: 'landmarks68: [68*2] x, y per point in the crop pixel frame (face-api FaceLandmarks68.positions)',
  };
  // one crop per line: readable diffs when the reference is refreshed
  const head = JSON.stringify(doc, null, 1).replace(/\n}$/, '');
  const body = results.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
  fs.writeFileSync(outFile, `${head},\n "crops": [\n${body}\n ]\n}\n`);
  console.log(`wrote ${results.length} reference outputs to ${outFile}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
