;; sgns.wat: one batch of word2vec training (skip-gram or CBOW, negative sampling) in
;; one call. The plain-JS kernel (skipgramJs.ts) is the reference; this is the same
;; loop step for step (the same xorshift stream consumed in the same order, same window
;; shrink, sub-sampling, sigmoid table, linear learning-rate decay, touched-row lists),
;; with the vector work in f32x4. Vectors are f32 throughout (the JS kernel accumulates
;; in f64), the loss in f64.
;;
;; One (input, word) pair runs in four passes, so that the vector work comes in long
;; runs of independent operations rather than six short dependent ones:
;;   1. draw the noise words (the targets: the word, then the draws) — at a position's
;;      first pair only: its pairs share them (below);
;;   2. every target's dot product with the input, three targets at a time (the input
;;      is loaded once for the three; six accumulator chains);
;;   3. σ and g for every target (scalar: the table lookups);
;;   4. the updates, 16 floats of the input at a time: for each target, neu1e += g·C
;;      and C += g·input, reading and writing each piece of C once, with neu1e kept in
;;      registers and added to W right after (skip-gram) or left in scratch (CBOW).
;; Taking every f before any update is what the JS kernel does too; it differs from
;; word2vec's order only when a noise word is drawn twice for one pair (the second draw
;; then sees C before, not after, the first one's update).
;;
;; The loops are shaped for V8's register allocator, which has 16 xmm registers and
;; spills long-lived values first: the dot-product loop keeps 6 accumulators, one input
;; piece and the loads of one 32-byte step live; with 8 accumulators and 64-byte steps
;; it spilled accumulators, and every add then waited on a store and a reload.
;;
;; Shared noise words (pWord2Vec: Ji et al. 2016, "Parallelizing Word2Vec in Shared and
;; Distributed Memory"): the K noise words are drawn once per position and serve every
;; (context, word) pair of its window, where word2vec draws K per pair. Each pair still
;; has its own 1 + K dot products and updates, in the same order (a later pair sees the
;; C rows the earlier ones moved), so the pair count and the work per pair are word2vec's;
;; what is saved is K − K / (pairs in the window) draws per pair (about 4 of 5) and the
;; cache misses of fetching fresh C rows: after the first pair the targets' rows are hot.
;; A/B against per-pair draws (bench/trainAB.ts, shared machine at load 6–12): CPU time
;; −26 to −32 % on SOTU, −6 to −25 % on the teaching corpus; purity, translation hits
;; and 10-NN overlap with word2vec C stayed within seed-to-seed spread.
;;
;; Noise words come from Walker's alias table (8 bytes a word: 97 KB for 12k words)
;; instead of the JS kernel's 2^20-entry table (4 MB): once the vector work is SIMD, a
;; cache miss per noise draw is what the loop waits on. The alias table is exact, where
;; a table small enough for the cache (2^16) never draws the rarest words at all.
;;
;; Why the whole batch and not one call per pair: ~6 dot products a pair is too little
;; work to pay a JS→WASM call and the JS-side bookkeeping each time (a per-pair SIMD
;; kernel reached 2.6× word2vec's speed; this one, with the draws also in here, more).
;;
;; The module owns no state. Everything lives in the imported memory, which the adapter
;; (skipgramWasm.ts) lays out once and never grows:
;;
;;   header (offset 0): the fields below; the adapter writes the cursor in before a
;;     call and reads it back after.
;;   tables at the byte offsets the header names; rows of W and C are D f32 each and
;;     start on 16-byte boundaries (D is a multiple of 4).
;;
;; Header, i32 fields (byte offset: meaning):
;;   0 D (floats per row)   4 window   8 negative   12 n = V − 1 (words that can be noise)
;;   16 sentences   20 epochs   24 flags (1 = CBOW, 2 = freeze W)   28 batch words
;;   32 xorshift state   36 epoch   40 sentence cursor   44 touched W rows   48 touched C rows
;;   52 W   56 C   60 ids   64 offsets   68 alias table   72 keep   76 sen   80 neu1   84 neu1e
;;   88 markIn   92 markOut   96 touchedIn   100 touchedOut
;;   104 σ table (f32)   108 log σ table (f64)   112 log(1 − σ) table (f64)
;;   116 targets scratch: negative + 3 entries of [C row address (i32), f then g (f32)]
;; Header, f64 fields:
;;   128 words read before this batch   136 starting lr   144 epochs × words + 1
;;   152 lr (in: current, out: after the batch)   160 loss sum (out)   168 pairs (out)
;;
;; Alias entry i (for word id i + 1): [uint32 threshold, alias id]. A draw r picks
;; i = floor(r * n / 2^32) and keeps i + 1 when the low word of r * n (uniform, and
;; independent of i) is below the threshold, else takes the alias.
;;
;; keep[w] is a uint32: a token is kept when the draw r ≤ keep[w] (unsigned), which is
;; the JS kernel's r < p·2^32 written so that p = 1 fits.
;; The σ tables have 1001 entries so f = +6 exactly still has one.
(module
  (import "env" "memory" (memory 1))

  (func (export "batch")
    ;; header copies
    (local $rowBytes i32) (local $window i32) (local $negative i32) (local $nNoise i32)
    (local $nSent i32) (local $epochs i32) (local $cbow i32) (local $freeze i32)
    (local $batchWords i32) (local $r i32) (local $epoch i32) (local $sentence i32)
    (local $nIn i32) (local $nOut i32)
    (local $pW i32) (local $pC i32) (local $pIds i32) (local $pOffsets i32) (local $pAlias i32)
    (local $pKeep i32) (local $pSen i32) (local $pNeu1 i32) (local $pNeu1e i32)
    (local $pMarkIn i32) (local $pMarkOut i32) (local $pTouchedIn i32) (local $pTouchedOut i32)
    (local $pSig i32) (local $pLogSig i32) (local $pLog1m i32)
    (local $words f64) (local $lr0 f64) (local $minLr f64) (local $trainTotal f64)
    ;; loop state
    (local $consumed i32) (local $p i32) (local $to i32) (local $len i32) (local $w i32)
    (local $pos i32) (local $word i32) (local $b i32) (local $lo i32) (local $hi i32)
    (local $c i32) (local $last i32) (local $cw i32) (local $l1 i32) (local $l2 i32)
    (local $d i32) (local $target i32) (local $k i32) (local $idx i32) (local $row16 i32)
    (local $alpha f64) (local $alphaF f32) (local $lossSum f64) (local $lossPairs f64)
    (local $f f32) (local $g f32) (local $label f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $gv v128) (local $cv v128) (local $prod i64) (local $e i32)
    (local $nt i32) (local $t i32) (local $la i32) (local $lb i32) (local $mode i32) (local $pTgt i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $b0 v128) (local $b1 v128) (local $c0 v128) (local $c1 v128) (local $lc i32) (local $row32 i32) (local $drawn i32)

    ;; ---- read the header ----
    (local.set $rowBytes (i32.shl (i32.load (i32.const 0)) (i32.const 2)))
    ;; The vector loops take 16 floats (64 bytes) a round, then 4 at a time for the rest.
    (local.set $row16 (i32.and (local.get $rowBytes) (i32.const -64)))
    (local.set $row32 (i32.and (local.get $rowBytes) (i32.const -32)))
    (local.set $window (i32.load (i32.const 4)))
    (local.set $negative (i32.load (i32.const 8)))
    (local.set $nNoise (i32.load (i32.const 12)))
    (local.set $nSent (i32.load (i32.const 16)))
    (local.set $epochs (i32.load (i32.const 20)))
    (local.set $cbow (i32.and (i32.load (i32.const 24)) (i32.const 1)))
    (local.set $freeze (i32.and (i32.load (i32.const 24)) (i32.const 2)))
    (local.set $batchWords (i32.load (i32.const 28)))
    (local.set $r (i32.load (i32.const 32)))
    (local.set $epoch (i32.load (i32.const 36)))
    (local.set $sentence (i32.load (i32.const 40)))
    (local.set $nIn (i32.load (i32.const 44)))
    (local.set $nOut (i32.load (i32.const 48)))
    (local.set $pW (i32.load (i32.const 52)))
    (local.set $pC (i32.load (i32.const 56)))
    (local.set $pIds (i32.load (i32.const 60)))
    (local.set $pOffsets (i32.load (i32.const 64)))
    (local.set $pAlias (i32.load (i32.const 68)))
    (local.set $pKeep (i32.load (i32.const 72)))
    (local.set $pSen (i32.load (i32.const 76)))
    (local.set $pNeu1 (i32.load (i32.const 80)))
    (local.set $pNeu1e (i32.load (i32.const 84)))
    (local.set $pMarkIn (i32.load (i32.const 88)))
    (local.set $pMarkOut (i32.load (i32.const 92)))
    (local.set $pTouchedIn (i32.load (i32.const 96)))
    (local.set $pTouchedOut (i32.load (i32.const 100)))
    (local.set $pSig (i32.load (i32.const 104)))
    (local.set $pLogSig (i32.load (i32.const 108)))
    (local.set $pLog1m (i32.load (i32.const 112)))
    (local.set $pTgt (i32.load (i32.const 116)))
    ;; what the input's gradient does: 0 goes to W[last], 1 to neu1e (CBOW), 2 nowhere (frozen)
    (local.set $mode (select (i32.const 2) (local.get $cbow) (local.get $freeze)))
    (local.set $words (f64.load (i32.const 128)))
    (local.set $lr0 (f64.load (i32.const 136)))
    (local.set $minLr (f64.mul (local.get $lr0) (f64.const 1e-4)))
    (local.set $trainTotal (f64.load (i32.const 144)))
    (local.set $alpha (f64.load (i32.const 152)))
    (local.set $alphaF (f32.demote_f64 (local.get $alpha)))

    ;; ---- sentences until batchWords tokens are read or the last epoch ends ----
    (block $batchDone
      (loop $sentences
        (br_if $batchDone (i32.ge_s (local.get $consumed) (local.get $batchWords)))
        (br_if $batchDone (i32.ge_s (local.get $epoch) (local.get $epochs)))
        (local.set $p (i32.load (i32.add (local.get $pOffsets) (i32.shl (local.get $sentence) (i32.const 2)))))
        (local.set $to (i32.load offset=4 (i32.add (local.get $pOffsets) (i32.shl (local.get $sentence) (i32.const 2)))))

        ;; A sentence longer than 1000 kept words is trained in pieces, as in word2vec.
        (block $sentenceDone
          (loop $pieces
            (br_if $sentenceDone (i32.ge_s (local.get $p) (local.get $to)))

            ;; -- load up to 1000 kept words into sen: skip <unk> (id 0), sub-sample the rest --
            (local.set $len (i32.const 0))
            (block $loaded
              (loop $load
                (br_if $loaded (i32.ge_s (local.get $p) (local.get $to)))
                (br_if $loaded (i32.ge_s (local.get $len) (i32.const 1000)))
                (local.set $w (i32.load (i32.add (local.get $pIds) (i32.shl (local.get $p) (i32.const 2)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (if (local.get $w)
                  (then
                    (local.set $consumed (i32.add (local.get $consumed) (i32.const 1)))
                    ;; xorshift32: r ^= r << 13; r ^= r >>> 17; r ^= r << 5
                    (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 13))))
                    (local.set $r (i32.xor (local.get $r) (i32.shr_u (local.get $r) (i32.const 17))))
                    (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 5))))
                    (if (i32.le_u (local.get $r) (i32.load (i32.add (local.get $pKeep) (i32.shl (local.get $w) (i32.const 2)))))
                      (then
                        (i32.store (i32.add (local.get $pSen) (i32.shl (local.get $len) (i32.const 2))) (local.get $w))
                        (local.set $len (i32.add (local.get $len) (i32.const 1)))))))
                (br $load)))

            ;; -- learning rate: linear decay over all epochs, floored at lr0 · 1e-4 --
            (local.set $alpha
              (f64.mul (local.get $lr0)
                (f64.sub (f64.const 1)
                  (f64.div (f64.add (local.get $words) (f64.convert_i32_s (local.get $consumed))) (local.get $trainTotal)))))
            (if (f64.lt (local.get $alpha) (local.get $minLr)) (then (local.set $alpha (local.get $minLr))))
            (local.set $alphaF (f32.demote_f64 (local.get $alpha)))

            ;; -- every position of the piece --
            (local.set $pos (i32.const 0))
            (block $positionsDone
              (loop $positions
                (br_if $positionsDone (i32.ge_s (local.get $pos) (local.get $len)))
                (local.set $word (i32.load (i32.add (local.get $pSen) (i32.shl (local.get $pos) (i32.const 2)))))
                ;; window shrunk at random to window − b, b in [0, window)
                (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 13))))
                (local.set $r (i32.xor (local.get $r) (i32.shr_u (local.get $r) (i32.const 17))))
                (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 5))))
                (local.set $b (i32.rem_u (local.get $r) (local.get $window)))
                (local.set $lo (i32.add (i32.sub (local.get $pos) (local.get $window)) (local.get $b)))
                (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
                (local.set $hi (i32.sub (i32.add (local.get $pos) (local.get $window)) (local.get $b)))
                (if (i32.ge_s (local.get $hi) (local.get $len)) (then (local.set $hi (i32.sub (local.get $len) (i32.const 1)))))

                (local.set $drawn (i32.const 0))
                (block $nextPosition
                  ;; CBOW: the input vector is neu1, the mean of the context rows of W.
                  (if (local.get $cbow)
                    (then
                      (local.set $k (i32.const 0))
                      (loop $zero1
                        (v128.store (i32.add (local.get $pNeu1) (local.get $k)) (v128.const i32x4 0 0 0 0))
                        (local.set $k (i32.add (local.get $k) (i32.const 16)))
                        (br_if $zero1 (i32.lt_u (local.get $k) (local.get $rowBytes))))
                      (local.set $cw (i32.const 0))
                      (local.set $c (local.get $lo))
                      (block $sumDone
                        (loop $sum
                          (br_if $sumDone (i32.gt_s (local.get $c) (local.get $hi)))
                          (if (i32.ne (local.get $c) (local.get $pos))
                            (then
                              (local.set $l1
                                (i32.add (local.get $pW)
                                  (i32.mul (i32.load (i32.add (local.get $pSen) (i32.shl (local.get $c) (i32.const 2)))) (local.get $rowBytes))))
                              (local.set $k (i32.const 0))
                              (loop $add
                                (v128.store (i32.add (local.get $pNeu1) (local.get $k))
                                  (f32x4.add (v128.load (i32.add (local.get $pNeu1) (local.get $k)))
                                             (v128.load (i32.add (local.get $l1) (local.get $k)))))
                                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                                (br_if $add (i32.lt_u (local.get $k) (local.get $rowBytes))))
                              (local.set $cw (i32.add (local.get $cw) (i32.const 1)))))
                          (local.set $c (i32.add (local.get $c) (i32.const 1)))
                          (br $sum)))
                      (br_if $nextPosition (i32.eqz (local.get $cw)))
                      (local.set $cv (f32x4.splat (f32.convert_i32_s (local.get $cw))))
                      (local.set $k (i32.const 0))
                      (loop $mean
                        (v128.store (i32.add (local.get $pNeu1) (local.get $k))
                          (f32x4.div (v128.load (i32.add (local.get $pNeu1) (local.get $k))) (local.get $cv)))
                        (local.set $k (i32.add (local.get $k) (i32.const 16)))
                        (br_if $mean (i32.lt_u (local.get $k) (local.get $rowBytes))))
                      (local.set $l1 (local.get $pNeu1))))

                  ;; Skip-gram: one round per context word c (its W row is the input);
                  ;; CBOW: a single round with neu1.
                  (local.set $c (local.get $lo))
                  (loop $contexts
                    (block $nextContext
                      (if (i32.eqz (local.get $cbow))
                        (then
                          (br_if $nextContext (i32.eq (local.get $c) (local.get $pos)))
                          (local.set $last (i32.load (i32.add (local.get $pSen) (i32.shl (local.get $c) (i32.const 2)))))
                          (local.set $l1 (i32.add (local.get $pW) (i32.mul (local.get $last) (local.get $rowBytes))))))
                  
                      ;; 1. Targets, drawn before any vector work and once per position (its first
                      ;; round; later rounds reuse the list): entry 0 is the word (label 1), then the
                      ;; noise draws (label 0; a draw equal to the word is skipped). tgt entry t is
                      ;; [address of the C row, f then g]; a C row is listed as touched at its first use.
                      (if (i32.eqz (local.get $drawn)) (then
                      (local.set $drawn (i32.const 1))
                      (i32.store (local.get $pTgt) (i32.add (local.get $pC) (i32.mul (local.get $word) (local.get $rowBytes))))
                      (if (i32.eqz (i32.load8_u (i32.add (local.get $pMarkOut) (local.get $word))))
                        (then
                          (i32.store8 (i32.add (local.get $pMarkOut) (local.get $word)) (i32.const 1))
                          (i32.store (i32.add (local.get $pTouchedOut) (i32.shl (local.get $nOut) (i32.const 2))) (local.get $word))
                          (local.set $nOut (i32.add (local.get $nOut) (i32.const 1)))))
                      (local.set $nt (i32.const 1))
                      (local.set $d (i32.const 0))
                      (block $drawn
                        (loop $draw
                          (br_if $drawn (i32.ge_s (local.get $d) (local.get $negative)))
                          (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 13))))
                          (local.set $r (i32.xor (local.get $r) (i32.shr_u (local.get $r) (i32.const 17))))
                          (local.set $r (i32.xor (local.get $r) (i32.shl (local.get $r) (i32.const 5))))
                          ;; alias draw: i = floor(r * n / 2^32); the low word of r * n is the coin
                          (local.set $prod (i64.mul (i64.extend_i32_u (local.get $r)) (i64.extend_i32_u (local.get $nNoise))))
                          (local.set $e (i32.wrap_i64 (i64.shr_u (local.get $prod) (i64.const 32))))
                          (local.set $target
                            (select (i32.add (local.get $e) (i32.const 1))
                              (i32.load offset=4 (i32.add (local.get $pAlias) (i32.shl (local.get $e) (i32.const 3))))
                              (i32.lt_u (i32.wrap_i64 (local.get $prod))
                                (i32.load (i32.add (local.get $pAlias) (i32.shl (local.get $e) (i32.const 3)))))))
                          (if (i32.ne (local.get $target) (local.get $word))
                            (then
                              (i32.store (i32.add (local.get $pTgt) (i32.shl (local.get $nt) (i32.const 3)))
                                (i32.add (local.get $pC) (i32.mul (local.get $target) (local.get $rowBytes))))
                              (local.set $nt (i32.add (local.get $nt) (i32.const 1)))
                              (if (i32.eqz (i32.load8_u (i32.add (local.get $pMarkOut) (local.get $target))))
                                (then
                                  (i32.store8 (i32.add (local.get $pMarkOut) (local.get $target)) (i32.const 1))
                                  (i32.store (i32.add (local.get $pTouchedOut) (i32.shl (local.get $nOut) (i32.const 2))) (local.get $target))
                                  (local.set $nOut (i32.add (local.get $nOut) (i32.const 1)))))
                              ))
                          (local.set $d (i32.add (local.get $d) (i32.const 1)))
                          (br $draw)))))
                  
                      ;; 2. f = input · C[target] for every target before any update, three targets at a
                      ;; time: the input is loaded once for the three, and two accumulators each make six
                      ;; independent add chains (V8 keeps them all in registers; with more, it spills
                      ;; accumulators and every add then waits on a reload). The two spare entries after
                      ;; the last target point at the word's row, so the last group always has three;
                      ;; their f is not used. (A noise word drawn twice gets the same f both times.)
                      (local.set $t (i32.shl (local.get $nt) (i32.const 3)))
                      (i32.store (i32.add (local.get $pTgt) (local.get $t)) (i32.load (local.get $pTgt)))
                      (i32.store offset=8 (i32.add (local.get $pTgt) (local.get $t)) (i32.load (local.get $pTgt)))
                      (local.set $t (i32.const 0))
                      (loop $dots
                        (local.set $la (i32.load (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))))
                        (local.set $lb (i32.load offset=8 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))))
                        (local.set $lc (i32.load offset=16 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))))
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                        (local.set $a1 (v128.const i32x4 0 0 0 0))
                        (local.set $b0 (v128.const i32x4 0 0 0 0))
                        (local.set $b1 (v128.const i32x4 0 0 0 0))
                        (local.set $c0 (v128.const i32x4 0 0 0 0))
                        (local.set $c1 (v128.const i32x4 0 0 0 0))
                        (local.set $k (i32.const 0))
                        (block $dot32Done
                          (loop $dot32
                            (br_if $dot32Done (i32.ge_u (local.get $k) (local.get $row32)))
                            (local.set $w0 (v128.load (i32.add (local.get $l1) (local.get $k))))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $la) (local.get $k))))))
                            (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $lb) (local.get $k))))))
                            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $lc) (local.get $k))))))
                            (local.set $w0 (v128.load offset=16 (i32.add (local.get $l1) (local.get $k))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $w0) (v128.load offset=16 (i32.add (local.get $la) (local.get $k))))))
                            (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $w0) (v128.load offset=16 (i32.add (local.get $lb) (local.get $k))))))
                            (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $w0) (v128.load offset=16 (i32.add (local.get $lc) (local.get $k))))))
                            (local.set $k (i32.add (local.get $k) (i32.const 32)))
                            (br $dot32)))
                        ;; D = 4 mod 8: the last four floats
                        (if (i32.lt_u (local.get $k) (local.get $rowBytes))
                          (then
                            (local.set $w0 (v128.load (i32.add (local.get $l1) (local.get $k))))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $la) (local.get $k))))))
                            (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $lb) (local.get $k))))))
                            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $w0) (v128.load (i32.add (local.get $lc) (local.get $k))))))
                            ))
                        (local.set $a0 (f32x4.add (local.get $a0) (local.get $a1)))
                        (local.set $b0 (f32x4.add (local.get $b0) (local.get $b1)))
                        (local.set $c0 (f32x4.add (local.get $c0) (local.get $c1)))
                        ;; horizontal sums, lanes paired as (0 + 1) + (2 + 3): [a0+a1, a2+a3, b0+b1, b2+b3]
                        (local.set $a1 (f32x4.add
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a0) (local.get $b0))
                          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a0) (local.get $b0))))
                        (local.set $c1 (f32x4.add
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $c0) (local.get $c0))
                          (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $c0) (local.get $c0))))
                        (f32.store offset=4 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))) (f32.add (f32x4.extract_lane 0 (local.get $a1)) (f32x4.extract_lane 1 (local.get $a1))))
                        (f32.store offset=12 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))) (f32.add (f32x4.extract_lane 2 (local.get $a1)) (f32x4.extract_lane 3 (local.get $a1))))
                        (f32.store offset=20 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))) (f32.add (f32x4.extract_lane 0 (local.get $c1)) (f32x4.extract_lane 1 (local.get $c1))))
                        (local.set $t (i32.add (local.get $t) (i32.const 3)))
                        (br_if $dots (i32.lt_s (local.get $t) (local.get $nt))))
                  
                      ;; 3. g = (label − σ(f)) · lr, σ from the table, clipped at ±6; the loss adds
                      ;; −log σ(f) for the word, −log(1 − σ(f)) for a noise word.
                      (local.set $t (i32.const 0))
                      (loop $sigmas
                        (local.set $f (f32.load offset=4 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))))
                        (local.set $label (select (f32.const 1) (f32.const 0) (i32.eqz (local.get $t))))
                        (if (f32.gt (local.get $f) (f32.const 6))
                          (then
                            (local.set $g (f32.sub (local.get $label) (f32.const 1)))
                            (if (f32.eq (local.get $label) (f32.const 0))
                              (then (local.set $lossSum (f64.add (local.get $lossSum) (f64.promote_f32 (local.get $f)))))))
                          (else
                            (if (f32.lt (local.get $f) (f32.const -6))
                              (then
                                (local.set $g (local.get $label))
                                (if (f32.ne (local.get $label) (f32.const 0))
                                  (then (local.set $lossSum (f64.sub (local.get $lossSum) (f64.promote_f32 (local.get $f)))))))
                              (else
                                ;; idx = (f + 6) · 1000 / 12; saturating, so even a NaN cannot trap
                                (local.set $idx (i32.trunc_sat_f32_s
                                  (f32.mul (f32.add (local.get $f) (f32.const 6)) (f32.const 83.33333333333333))))
                                (local.set $g (f32.sub (local.get $label)
                                  (f32.load (i32.add (local.get $pSig) (i32.shl (local.get $idx) (i32.const 2))))))
                                (local.set $lossSum (f64.sub (local.get $lossSum)
                                  (f64.load (i32.add
                                    (select (local.get $pLogSig) (local.get $pLog1m) (f32.ne (local.get $label) (f32.const 0)))
                                    (i32.shl (local.get $idx) (i32.const 3))))))))))
                        (f32.store offset=4 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))) (f32.mul (local.get $g) (local.get $alphaF)))
                        (local.set $t (i32.add (local.get $t) (i32.const 1)))
                        (br_if $sigmas (i32.lt_s (local.get $t) (local.get $nt))))
                      (local.set $lossPairs (f64.add (local.get $lossPairs) (f64.const 1)))
                  
                      ;; 4. The updates, 16 floats of the input at a time, read once for all targets: per
                      ;; target, neu1e += g · C[target] (the old C) and C[target] += g · input, reading and
                      ;; writing each piece of C once; neu1e stays in registers and then goes to W[last]
                      ;; (skip-gram) or to the neu1e scratch (CBOW, applied to the context rows below).
                      ;; Frozen, only C moves.
                      (local.set $k (i32.const 0))
                      (block $upd16Done
                        (loop $upd16
                          (br_if $upd16Done (i32.ge_u (local.get $k) (local.get $row16)))
                          (local.set $w0 (v128.load (i32.add (local.get $l1) (local.get $k))))
                          (local.set $w1 (v128.load offset=16 (i32.add (local.get $l1) (local.get $k))))
                          (local.set $w2 (v128.load offset=32 (i32.add (local.get $l1) (local.get $k))))
                          (local.set $w3 (v128.load offset=48 (i32.add (local.get $l1) (local.get $k))))
                          (local.set $a0 (v128.const i32x4 0 0 0 0))
                          (local.set $a1 (v128.const i32x4 0 0 0 0))
                          (local.set $a2 (v128.const i32x4 0 0 0 0))
                          (local.set $a3 (v128.const i32x4 0 0 0 0))
                          (local.set $t (i32.const 0))
                          (loop $updT
                            (local.set $l2 (i32.add (i32.load (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))) (local.get $k)))
                            (local.set $gv (f32x4.splat (f32.load offset=4 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))))))
                            (local.set $cv (v128.load (local.get $l2)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $gv) (local.get $cv))))
                            (v128.store (local.get $l2) (f32x4.add (local.get $cv) (f32x4.mul (local.get $gv) (local.get $w0))))
                            (local.set $cv (v128.load offset=16 (local.get $l2)))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $gv) (local.get $cv))))
                            (v128.store offset=16 (local.get $l2) (f32x4.add (local.get $cv) (f32x4.mul (local.get $gv) (local.get $w1))))
                            (local.set $cv (v128.load offset=32 (local.get $l2)))
                            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $gv) (local.get $cv))))
                            (v128.store offset=32 (local.get $l2) (f32x4.add (local.get $cv) (f32x4.mul (local.get $gv) (local.get $w2))))
                            (local.set $cv (v128.load offset=48 (local.get $l2)))
                            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $gv) (local.get $cv))))
                            (v128.store offset=48 (local.get $l2) (f32x4.add (local.get $cv) (f32x4.mul (local.get $gv) (local.get $w3))))
                            (local.set $t (i32.add (local.get $t) (i32.const 1)))
                            (br_if $updT (i32.lt_s (local.get $t) (local.get $nt))))
                          (if (i32.eqz (local.get $mode))
                            (then
                              (v128.store (i32.add (local.get $l1) (local.get $k)) (f32x4.add (local.get $w0) (local.get $a0)))
                              (v128.store offset=16 (i32.add (local.get $l1) (local.get $k)) (f32x4.add (local.get $w1) (local.get $a1)))
                              (v128.store offset=32 (i32.add (local.get $l1) (local.get $k)) (f32x4.add (local.get $w2) (local.get $a2)))
                              (v128.store offset=48 (i32.add (local.get $l1) (local.get $k)) (f32x4.add (local.get $w3) (local.get $a3)))
                              )
                            (else
                              (if (i32.eq (local.get $mode) (i32.const 1))
                                (then
                                  (v128.store (i32.add (local.get $pNeu1e) (local.get $k)) (local.get $a0))
                                  (v128.store offset=16 (i32.add (local.get $pNeu1e) (local.get $k)) (local.get $a1))
                                  (v128.store offset=32 (i32.add (local.get $pNeu1e) (local.get $k)) (local.get $a2))
                                  (v128.store offset=48 (i32.add (local.get $pNeu1e) (local.get $k)) (local.get $a3))
                                  ))))
                          (local.set $k (i32.add (local.get $k) (i32.const 64)))
                          (br $upd16)))
                      (block $upd4Done
                        (loop $upd4
                          (br_if $upd4Done (i32.ge_u (local.get $k) (local.get $rowBytes)))
                          (local.set $w0 (v128.load (i32.add (local.get $l1) (local.get $k))))
                          (local.set $a0 (v128.const i32x4 0 0 0 0))
                          (local.set $t (i32.const 0))
                          (loop $updT4
                            (local.set $l2 (i32.add (i32.load (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3)))) (local.get $k)))
                            (local.set $gv (f32x4.splat (f32.load offset=4 (i32.add (local.get $pTgt) (i32.shl (local.get $t) (i32.const 3))))))
                            (local.set $cv (v128.load (local.get $l2)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $gv) (local.get $cv))))
                            (v128.store (local.get $l2) (f32x4.add (local.get $cv) (f32x4.mul (local.get $gv) (local.get $w0))))
                            (local.set $t (i32.add (local.get $t) (i32.const 1)))
                            (br_if $updT4 (i32.lt_s (local.get $t) (local.get $nt))))
                          (if (i32.eqz (local.get $mode))
                            (then (v128.store (i32.add (local.get $l1) (local.get $k)) (f32x4.add (local.get $w0) (local.get $a0))))
                            (else
                              (if (i32.eq (local.get $mode) (i32.const 1))
                                (then (v128.store (i32.add (local.get $pNeu1e) (local.get $k)) (local.get $a0))))))
                          (local.set $k (i32.add (local.get $k) (i32.const 16)))
                          (br $upd4)))
                  
                      ;; W rows moved: the context word (skip-gram), or every context row that went into
                      ;; neu1, which gets neu1e (CBOW; one round per position, so leave $contexts).
                      (if (i32.eqz (local.get $cbow))
                        (then
                          (if (i32.eqz (local.get $freeze))
                            (then
                              (if (i32.eqz (i32.load8_u (i32.add (local.get $pMarkIn) (local.get $last))))
                                (then
                                  (i32.store8 (i32.add (local.get $pMarkIn) (local.get $last)) (i32.const 1))
                                  (i32.store (i32.add (local.get $pTouchedIn) (i32.shl (local.get $nIn) (i32.const 2))) (local.get $last))
                                  (local.set $nIn (i32.add (local.get $nIn) (i32.const 1)))))
                              )))
                        (else
                          (if (i32.eqz (local.get $freeze))
                            (then
                              (local.set $c (local.get $lo))
                              (block $applyDone
                                (loop $apply
                                  (br_if $applyDone (i32.gt_s (local.get $c) (local.get $hi)))
                                  (if (i32.ne (local.get $c) (local.get $pos))
                                    (then
                                      (local.set $last (i32.load (i32.add (local.get $pSen) (i32.shl (local.get $c) (i32.const 2)))))
                                      (local.set $l1 (i32.add (local.get $pW) (i32.mul (local.get $last) (local.get $rowBytes))))
                                      (local.set $k (i32.const 0))
                                      (loop $addE
                                        (v128.store (i32.add (local.get $l1) (local.get $k))
                                          (f32x4.add (v128.load (i32.add (local.get $l1) (local.get $k)))
                                                     (v128.load (i32.add (local.get $pNeu1e) (local.get $k)))))
                                        (local.set $k (i32.add (local.get $k) (i32.const 16)))
                                        (br_if $addE (i32.lt_u (local.get $k) (local.get $rowBytes))))
                                      (if (i32.eqz (i32.load8_u (i32.add (local.get $pMarkIn) (local.get $last))))
                                        (then
                                          (i32.store8 (i32.add (local.get $pMarkIn) (local.get $last)) (i32.const 1))
                                          (i32.store (i32.add (local.get $pTouchedIn) (i32.shl (local.get $nIn) (i32.const 2))) (local.get $last))
                                          (local.set $nIn (i32.add (local.get $nIn) (i32.const 1)))))
                                      ))
                                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                                  (br $apply)))))
                          (br $nextPosition))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br_if $contexts (i32.le_s (local.get $c) (local.get $hi))))
                  )
                (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                (br $positions)))
            (br $pieces)))

        ;; next sentence; past the last one, the next epoch
        (local.set $sentence (i32.add (local.get $sentence) (i32.const 1)))
        (if (i32.ge_s (local.get $sentence) (local.get $nSent))
          (then
            (local.set $sentence (i32.const 0))
            (local.set $epoch (i32.add (local.get $epoch) (i32.const 1)))))
        (br $sentences)))

    ;; ---- write the cursor and the batch's counters back ----
    (i32.store (i32.const 32) (local.get $r))
    (i32.store (i32.const 36) (local.get $epoch))
    (i32.store (i32.const 40) (local.get $sentence))
    (i32.store (i32.const 44) (local.get $nIn))
    (i32.store (i32.const 48) (local.get $nOut))
    (f64.store (i32.const 128) (f64.add (local.get $words) (f64.convert_i32_s (local.get $consumed))))
    (f64.store (i32.const 152) (local.get $alpha))
    (f64.store (i32.const 160) (local.get $lossSum))
    (f64.store (i32.const 168) (local.get $lossPairs)))
)
