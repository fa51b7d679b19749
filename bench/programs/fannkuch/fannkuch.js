// The Computer Language Benchmarks Game: fannkuch-redux, the same single-threaded
// algorithm as fannkuch.gos, on Int32Arrays. Usage: node fannkuch.js N
function fannkuch(n) {
  const perm1 = new Int32Array(n);
  for (let i = 0; i < n; i++) perm1[i] = i;
  const perm = new Int32Array(n);
  const count = new Int32Array(n);
  let maxFlips = 0, checksum = 0, permCount = 0;
  let r = n;
  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r--;
    }
    for (let i = 0; i < n; i++) perm[i] = perm1[i];
    let flips = 0;
    let k = perm[0];
    while (k !== 0) {
      let i = 0, j = k;
      while (i < j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
      flips++;
      k = perm[0];
    }
    if (flips > maxFlips) maxFlips = flips;
    if (permCount % 2 === 0) checksum += flips;
    else checksum -= flips;
    for (;;) {
      if (r === n) return [checksum, maxFlips];
      const perm0 = perm1[0];
      for (let i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = perm0;
      count[r]--;
      if (count[r] > 0) break;
      r++;
    }
    permCount++;
  }
}

const n = process.argv.length > 2 ? parseInt(process.argv[2], 10) : 7;
const [checksum, maxFlips] = fannkuch(n);
console.log(`${checksum}\nPfannkuchen(${n}) = ${maxFlips}`);
