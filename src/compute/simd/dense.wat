;; dense.wat: the dense f32 kernels behind PCA, exact kNN and NN-descent, in 128-bit
;; WebAssembly SIMD. The plain-JS twins in denseJs.ts are the reference (same inputs,
;; same outputs within float rounding); dense.ts lays out the memory and picks one.
;;
;; The module owns no state: every array lives in the imported memory at byte offsets
;; the caller passes. Row strides (`ld…`) and lengths are in elements; every f32 row
;; starts on a 16-byte boundary and holds a multiple of 4 floats (callers pad with
;; zeros), so the vector loops need no scalar tails along a row. Each export works on
;; a range of rows the caller chooses, so the same calls can later be split across
;; workers sharing one memory.
;;
;; Why the loops are shaped as they are (x86-64, V8, one core):
;; - A multiply-add is f32x4.mul + f32x4.add (no FMA in plain SIMD); two of each issue
;;   per cycle, so the bound is ~8 multiply-adds a cycle. A single accumulator would
;;   wait ~3 cycles per add, so `dots` keeps a 2×4 register tile: 8 independent
;;   accumulators, 6 loads per 8 vector multiply-adds, 15 of the 16 xmm registers.
;; - The K loop is unrolled twice with immediate `offset=16`: V8 does not fold an
;;   i32.add into an address, so every distinct base costs an add; offsets are free.
;; - Row sums reduce at the end of a tile only (a 4×4 shuffle transpose turns four
;;   accumulators into one vector of four sums), never inside the K loop.
(module
  (import "env" "memory" (memory 1))

  (func $put1 (param $p i32) (param $v f32) (param $mode i32)
    (if (local.get $mode)
      (then (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.promote_f32 (local.get $v)))))
      (else (f32.store (local.get $p) (local.get $v)))))

  ;; Σ a[t]·b[t] over kb bytes (a multiple of 16): the edge rows and columns of `dots`.
  ;; Every dot product here is bit for bit the same wherever it is computed (a tile, an
  ;; edge, `listDots`): lane l sums the products t ≡ l (mod 4) in order, and the lanes
  ;; reduce as (l0 + l2) + (l1 + l3), the order of the tile's shuffle transpose. The
  ;; pruned exact kNN (neighbors/knnPruned.ts) relies on it to rank pairs by the very
  ;; keys the brute-force tiles give.
  (func $hsum (param $s v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 2 (local.get $s)))
      (f32.add (f32x4.extract_lane 1 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))

  (func $dot1 (param $a i32) (param $b i32) (param $kb i32) (result f32)
    (local $k i32) (local $s v128)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $k) (local.get $kb)))
        (local.set $s (f32x4.add (local.get $s)
          (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $k))) (v128.load (i32.add (local.get $b) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $l)))
    (call $hsum (local.get $s)))

  ;; listDots: for each of `count` listed pairs t = list[e] (a = t / ldo, b = t mod ldo,
  ;; as keyTile lists them), out[e] = row a of A · row b of B over kb bytes (rows ld
  ;; floats apart). The same sums as `dots` (see $dot1). Four pairs at a time, so four
  ;; independent accumulators hide the add latency.
  (func (export "listDots") (param $pA i32) (param $pB i32) (param $ld i32) (param $pList i32)
    (param $count i32) (param $ldo i32) (param $pOut i32)
    (local $e i32) (local $t i32) (local $kb i32) (local $rowB i32)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $kb (local.get $rowB))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $e) (i32.const 4)) (local.get $count)))
        (call $listDots4 (local.get $pA) (local.get $pB) (local.get $rowB) (i32.add (local.get $pList) (i32.shl (local.get $e) (i32.const 2)))
          (local.get $ldo) (i32.add (local.get $pOut) (i32.shl (local.get $e) (i32.const 2))))
        (local.set $e (i32.add (local.get $e) (i32.const 4)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $e) (local.get $count)))
        (local.set $t (i32.load (i32.add (local.get $pList) (i32.shl (local.get $e) (i32.const 2)))))
        (f32.store (i32.add (local.get $pOut) (i32.shl (local.get $e) (i32.const 2)))
          (call $dot1
            (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB)))
            (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB)))
            (local.get $kb)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $rest))))

  ;; dots: out[i·ldo + j] = Σ_{t<K} A[i·lda + t]·B[j·ldb + t] for i < m, j < nb, i.e.
  ;; out = A·Bᵀ with both operands row-major (K contiguous). K must be a multiple of 4.
  ;; mode 0 stores f32; mode 1 adds into an f64 output (PCA's covariance panels).
  (func (export "dots")
    (param $pA i32) (param $lda i32) (param $m i32)
    (param $pB i32) (param $ldb i32) (param $nb i32)
    (param $K i32) (param $pOut i32) (param $ldo i32) (param $mode i32)
    (local $i i32) (local $j i32) (local $k i32) (local $kb i32) (local $kb2 i32)
    (local $es i32) (local $rowA i32) (local $rowB i32) (local $rowO i32)
    (local $pa0 i32) (local $pa1 i32) (local $pb0 i32) (local $pb1 i32) (local $pb2 i32) (local $pb3 i32)
    (local $po i32)
    (local $a0 v128) (local $a1 v128) (local $b v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $kb (i32.shl (local.get $K) (i32.const 2)))
    ;; the unrolled loop takes 32 bytes a round; a last 16 are left for the tail
    (local.set $kb2 (i32.and (local.get $kb) (i32.const -32)))
    (local.set $es (select (i32.const 8) (i32.const 4) (local.get $mode)))
    (local.set $rowA (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $rowB (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $rowO (i32.mul (local.get $ldo) (local.get $es)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
        (local.set $pa0 (i32.add (local.get $pA) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $pa1 (i32.add (local.get $pa0) (local.get $rowA)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $nb)))
            (local.set $pb0 (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $rowB))))
            (local.set $pb1 (i32.add (local.get $pb0) (local.get $rowB)))
            (local.set $pb2 (i32.add (local.get $pb1) (local.get $rowB)))
            (local.set $pb3 (i32.add (local.get $pb2) (local.get $rowB)))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s02 (v128.const i32x4 0 0 0 0)) (local.set $s03 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s12 (v128.const i32x4 0 0 0 0)) (local.set $s13 (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $kb2)))
                (local.set $a0 (v128.load (i32.add (local.get $pa0) (local.get $k))))
                (local.set $a1 (v128.load (i32.add (local.get $pa1) (local.get $k))))
                (local.set $b (v128.load (i32.add (local.get $pb0) (local.get $k))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb1) (local.get $k))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb2) (local.get $k))))
                (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb3) (local.get $k))))
                (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $a0 (v128.load offset=16 (i32.add (local.get $pa0) (local.get $k))))
                (local.set $a1 (v128.load offset=16 (i32.add (local.get $pa1) (local.get $k))))
                (local.set $b (v128.load offset=16 (i32.add (local.get $pb0) (local.get $k))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load offset=16 (i32.add (local.get $pb1) (local.get $k))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load offset=16 (i32.add (local.get $pb2) (local.get $k))))
                (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load offset=16 (i32.add (local.get $pb3) (local.get $k))))
                (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $k (i32.add (local.get $k) (i32.const 32)))
                (br $kLoop)))
            ;; K ≡ 4 (mod 8): one 16-byte step left
            (if (i32.lt_u (local.get $k) (local.get $kb))
              (then
                (local.set $a0 (v128.load (i32.add (local.get $pa0) (local.get $k))))
                (local.set $a1 (v128.load (i32.add (local.get $pa1) (local.get $k))))
                (local.set $b (v128.load (i32.add (local.get $pb0) (local.get $k))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb1) (local.get $k))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb2) (local.get $k))))
                (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $a1) (local.get $b))))
                (local.set $b (v128.load (i32.add (local.get $pb3) (local.get $k))))
                (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $a0) (local.get $b))))
                (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $a1) (local.get $b))))))
            (local.set $po (i32.add (i32.add (local.get $pOut) (i32.mul (local.get $i) (local.get $rowO)))
                                    (i32.mul (local.get $j) (local.get $es))))
            ;; hsum4 and put4, written out: two calls per tile cost ~15 % at K = 256
            (local.set $a0 (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s00) (local.get $s01))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s00) (local.get $s01))))
            (local.set $b (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s02) (local.get $s03))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s02) (local.get $s03))))
            (local.set $s00 (f32x4.add
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a0) (local.get $b))
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a0) (local.get $b))))
            (local.set $a0 (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s10) (local.get $s11))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s10) (local.get $s11))))
            (local.set $b (f32x4.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s12) (local.get $s13))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s12) (local.get $s13))))
            (local.set $s10 (f32x4.add
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a0) (local.get $b))
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a0) (local.get $b))))
            (if (local.get $mode)
              (then
                (v128.store (local.get $po)
                  (f64x2.add (v128.load (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s00))))
                (v128.store offset=16 (local.get $po)
                  (f64x2.add (v128.load offset=16 (local.get $po))
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s00) (local.get $s00)))))
                (local.set $po (i32.add (local.get $po) (local.get $rowO)))
                (v128.store (local.get $po)
                  (f64x2.add (v128.load (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s10))))
                (v128.store offset=16 (local.get $po)
                  (f64x2.add (v128.load offset=16 (local.get $po))
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s10) (local.get $s10))))))
              (else
                (v128.store (local.get $po) (local.get $s00))
                (v128.store (i32.add (local.get $po) (local.get $rowO)) (local.get $s10))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        ;; columns past the last multiple of 4
        (block $edgeDone
          (loop $edge
            (br_if $edgeDone (i32.ge_s (local.get $j) (local.get $nb)))
            (local.set $pb0 (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $rowB))))
            (local.set $po (i32.add (i32.add (local.get $pOut) (i32.mul (local.get $i) (local.get $rowO)))
                                    (i32.mul (local.get $j) (local.get $es))))
            (call $put1 (local.get $po) (call $dot1 (local.get $pa0) (local.get $pb0) (local.get $kb)) (local.get $mode))
            (call $put1 (i32.add (local.get $po) (local.get $rowO))
              (call $dot1 (local.get $pa1) (local.get $pb0) (local.get $kb)) (local.get $mode))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edge)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
    ;; an odd last row
    (if (i32.lt_s (local.get $i) (local.get $m))
      (then
        (local.set $pa0 (i32.add (local.get $pA) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $j (i32.const 0))
        (block $lastDone
          (loop $last
            (br_if $lastDone (i32.ge_s (local.get $j) (local.get $nb)))
            (call $put1
              (i32.add (i32.add (local.get $pOut) (i32.mul (local.get $i) (local.get $rowO))) (i32.mul (local.get $j) (local.get $es)))
              (call $dot1 (local.get $pa0) (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $rowB))) (local.get $kb))
              (local.get $mode))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $last))))))

  ;; colstats: for rows [r0, r1) of X (row stride ld, a multiple of 4), adds each column
  ;; into sum (f64, ld entries) and folds it into min and max (f32, ld entries; the
  ;; caller starts them at +∞ / −∞). Sums promote to f64 pairs because a float32 running
  ;; sum over 50k rows would lose digits. Four columns at a time down the rows, two rows
  ;; a step with two sets of accumulators in registers (even rows, odd rows): going along
  ;; each row instead loaded and stored the sums, min and max per vector. pmin / pmax
  ;; (one instruction each; f32x4.min / max take several in V8 to propagate NaN): a NaN
  ;; or infinite value still shows in the sum, which the caller checks.
  (func (export "colstats") (param $pX i32) (param $ld i32) (param $r0 i32) (param $r1 i32)
    (param $pSum i32) (param $pMin i32) (param $pMax i32)
    (local $k i32) (local $rowB i32) (local $p i32) (local $end i32) (local $pairEnd i32) (local $ps i32)
    (local $v v128) (local $u v128)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $mn0 v128) (local $mx0 v128) (local $mn1 v128) (local $mx1 v128)
    (if (i32.ge_s (local.get $r0) (local.get $r1)) (then (return)))
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (block $colsDone
      (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $k) (local.get $rowB)))
        (local.set $p (i32.add (i32.add (local.get $pX) (i32.mul (local.get $r0) (local.get $rowB))) (local.get $k)))
        (local.set $end (i32.add (i32.add (local.get $pX) (i32.mul (local.get $r1) (local.get $rowB))) (local.get $k)))
        ;; pairs start before the last row
        (local.set $pairEnd (i32.sub (local.get $end) (local.get $rowB)))
        (local.set $lo0 (v128.const i32x4 0 0 0 0)) (local.set $hi0 (v128.const i32x4 0 0 0 0))
        (local.set $lo1 (v128.const i32x4 0 0 0 0)) (local.set $hi1 (v128.const i32x4 0 0 0 0))
        (local.set $mn0 (v128.load (i32.add (local.get $pMin) (local.get $k))))
        (local.set $mx0 (v128.load (i32.add (local.get $pMax) (local.get $k))))
        (local.set $mn1 (local.get $mn0))
        (local.set $mx1 (local.get $mx0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $pairEnd)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $u (v128.load (i32.add (local.get $p) (local.get $rowB))))
            (local.set $lo0 (f64x2.add (local.get $lo0) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $hi0 (f64x2.add (local.get $hi0)
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $lo1 (f64x2.add (local.get $lo1) (f64x2.promote_low_f32x4 (local.get $u))))
            (local.set $hi1 (f64x2.add (local.get $hi1)
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u)))))
            (local.set $mn0 (f32x4.pmin (local.get $mn0) (local.get $v)))
            (local.set $mx0 (f32x4.pmax (local.get $mx0) (local.get $v)))
            (local.set $mn1 (f32x4.pmin (local.get $mn1) (local.get $u)))
            (local.set $mx1 (f32x4.pmax (local.get $mx1) (local.get $u)))
            (local.set $p (i32.add (local.get $p) (i32.shl (local.get $rowB) (i32.const 1))))
            (br $pairs)))
        ;; an odd last row
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (local.set $v (v128.load (local.get $p)))
            (local.set $lo0 (f64x2.add (local.get $lo0) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $hi0 (f64x2.add (local.get $hi0)
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $mn0 (f32x4.pmin (local.get $mn0) (local.get $v)))
            (local.set $mx0 (f32x4.pmax (local.get $mx0) (local.get $v)))))
        (local.set $ps (i32.add (local.get $pSum) (i32.shl (local.get $k) (i32.const 1))))
        (v128.store (local.get $ps) (f64x2.add (v128.load (local.get $ps)) (f64x2.add (local.get $lo0) (local.get $lo1))))
        (v128.store offset=16 (local.get $ps) (f64x2.add (v128.load offset=16 (local.get $ps)) (f64x2.add (local.get $hi0) (local.get $hi1))))
        (v128.store (i32.add (local.get $pMin) (local.get $k)) (f32x4.min (local.get $mn0) (local.get $mn1)))
        (v128.store (i32.add (local.get $pMax) (local.get $k)) (f32x4.max (local.get $mx0) (local.get $mx1)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $cols))))

  ;; centerPack: out[i·ldo + a] = X[i·ld + idx[a]] − mean[a] for rows [r0, r1) and a < D;
  ;; the pad columns D ≤ a < ldo are set to 0. When idx is the identity (no constant
  ;; columns) and ld = ldo, pass pIdx = 0: then it subtracts 4 columns a vector.
  (func (export "centerPack") (param $pX i32) (param $ld i32) (param $r0 i32) (param $r1 i32)
    (param $pIdx i32) (param $D i32) (param $pMean i32) (param $pOut i32) (param $ldo i32)
    (local $i i32) (local $a i32) (local $src i32) (local $dst i32) (local $kb i32)
    (local.set $i (local.get $r0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $r1)))
        (local.set $src (i32.add (local.get $pX) (i32.shl (i32.mul (local.get $i) (local.get $ld)) (i32.const 2))))
        (local.set $dst (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $i) (local.get $ldo)) (i32.const 2))))
        (if (i32.eqz (local.get $pIdx))
          (then
            (local.set $kb (i32.const 0))
            (loop $vec
              (v128.store (i32.add (local.get $dst) (local.get $kb))
                (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $kb)))
                           (v128.load (i32.add (local.get $pMean) (local.get $kb)))))
              (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
              (br_if $vec (i32.lt_u (local.get $kb) (i32.shl (local.get $ldo) (i32.const 2))))))
          (else
            (local.set $a (i32.const 0))
            (block $gDone
              (loop $gather
                (br_if $gDone (i32.ge_s (local.get $a) (local.get $D)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $a) (i32.const 2)))
                  (f32.sub
                    (f32.load (i32.add (local.get $src)
                      (i32.shl (i32.load (i32.add (local.get $pIdx) (i32.shl (local.get $a) (i32.const 2)))) (i32.const 2))))
                    (f32.load (i32.add (local.get $pMean) (i32.shl (local.get $a) (i32.const 2))))))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $gather)))
            (block $pDone
              (loop $pad
                (br_if $pDone (i32.ge_s (local.get $a) (local.get $ldo)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $a) (i32.const 2))) (f32.const 0))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $pad)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; transpose: out[c·ldo + r] = X[(r0 + r)·ld + c] for r < rows, c < cols: a row panel
  ;; turned column-major, so the covariance Xᵀ·X becomes row-by-row `dots` with K
  ;; contiguous. Four rows at a time so each store writes one vector.
  (func (export "transpose") (param $pX i32) (param $ld i32) (param $r0 i32) (param $rows i32)
    (param $cols i32) (param $pOut i32) (param $ldo i32)
    (local $r i32) (local $c i32) (local $src i32) (local $rowB i32) (local $dst i32)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $done
      (loop $rows4
        (br_if $done (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $src (i32.add (local.get $pX) (i32.mul (i32.add (local.get $r0) (local.get $r)) (local.get $rowB))))
        (local.set $dst (i32.add (local.get $pOut) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $cDone
          (loop $col
            (br_if $cDone (i32.ge_s (local.get $c) (local.get $cols)))
            (v128.store (local.get $dst)
              (f32x4.replace_lane 3
                (f32x4.replace_lane 2
                  (f32x4.replace_lane 1
                    (f32x4.splat (f32.load (local.get $src)))
                    (f32.load (i32.add (local.get $src) (local.get $rowB))))
                  (f32.load (i32.add (local.get $src) (i32.shl (local.get $rowB) (i32.const 1)))))
                (f32.load (i32.add (local.get $src) (i32.mul (local.get $rowB) (i32.const 3))))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $ldo) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows4)))
    ;; the last rows % 4
    (block $tDone
      (loop $tail
        (br_if $tDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $src (i32.add (local.get $pX) (i32.mul (i32.add (local.get $r0) (local.get $r)) (local.get $rowB))))
        (local.set $c (i32.const 0))
        (block $tcDone
          (loop $tcol
            (br_if $tcDone (i32.ge_s (local.get $c) (local.get $cols)))
            (f32.store
              (i32.add (local.get $pOut) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $ldo)) (local.get $r)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tcol)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $tail))))
;; pack8: a panel of rows for syrk8, centred on the way in. Output column c < D of row
  ;; k < rows is X[k·ld + idx[c]] − mean[c] (pIdx = 0: idx is the identity, and then the
  ;; subtraction runs 4 columns a vector, so X's pad columns must be zero and mean must
  ;; hold ld entries, zero past D); it lands at float (c / 8)·K·8 + k·8 + c mod 8 of P, so
  ;; syrk8 reads each micro-panel of 8 columns as one contiguous stream. Columns D ≤ c <
  ;; padTo8(D) and rows rows ≤ k < K are zero. Centring here saves PCA's covariance a
  ;; separate pass (and buffer) of centred rows between the raw rows and the panel.
  (func (export "pack8") (param $pX i32) (param $ld i32) (param $rows i32) (param $K i32) (param $pP i32)
    (param $pIdx i32) (param $D i32) (param $pMean i32)
    (local $k i32) (local $c i32) (local $src i32) (local $dst i32) (local $blockB i32) (local $full i32) (local $D8 i32)
    (local $pm i32) (local $at i32)
    (local.set $blockB (i32.shl (local.get $K) (i32.const 5)))
    (local.set $full (i32.and (local.get $D) (i32.const -8)))
    (local.set $D8 (i32.and (i32.add (local.get $D) (i32.const 7)) (i32.const -8)))
    (block $done
      (loop $rowsL
        (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $src (i32.add (local.get $pX) (i32.shl (i32.mul (local.get $k) (local.get $ld)) (i32.const 2))))
        (local.set $dst (i32.add (local.get $pP) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $c (i32.const 0))
        (if (i32.ge_s (local.get $k) (local.get $rows))
          (then
            (block $zDone
              (loop $zero
                (br_if $zDone (i32.ge_s (local.get $c) (local.get $D8)))
                (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
                (local.set $dst (i32.add (local.get $dst) (local.get $blockB)))
                (local.set $c (i32.add (local.get $c) (i32.const 8)))
                (br $zero))))
          (else
            (if (i32.eqz (local.get $pIdx))
              (then
                (local.set $pm (local.get $pMean))
                (block $cDone
                  (loop $cols
                    (br_if $cDone (i32.ge_s (local.get $c) (local.get $full)))
                    (v128.store (local.get $dst) (f32x4.sub (v128.load (local.get $src)) (v128.load (local.get $pm))))
                    (v128.store offset=16 (local.get $dst)
                      (f32x4.sub (v128.load offset=16 (local.get $src)) (v128.load offset=16 (local.get $pm))))
                    (local.set $src (i32.add (local.get $src) (i32.const 32)))
                    (local.set $pm (i32.add (local.get $pm) (i32.const 32)))
                    (local.set $dst (i32.add (local.get $dst) (local.get $blockB)))
                    (local.set $c (i32.add (local.get $c) (i32.const 8)))
                    (br $cols)))
                ;; D ≡ 1..7 (mod 8): the last 4 real columns (or their zero pads) and a zero half
                (if (i32.lt_s (local.get $c) (local.get $D))
                  (then
                    (v128.store (local.get $dst) (f32x4.sub (v128.load (local.get $src)) (v128.load (local.get $pm))))
                    (if (i32.gt_s (i32.sub (local.get $D) (local.get $c)) (i32.const 4))
                      (then (v128.store offset=16 (local.get $dst)
                        (f32x4.sub (v128.load offset=16 (local.get $src)) (v128.load offset=16 (local.get $pm)))))
                      (else (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0)))))))
              (else
                ;; gather: one float at a time; lane c mod 8 of micro-panel c / 8
                (block $gDone
                  (loop $gather
                    (br_if $gDone (i32.ge_s (local.get $c) (local.get $D8)))
                    (local.set $at (i32.add (local.get $dst)
                      (i32.add (i32.mul (i32.shr_u (local.get $c) (i32.const 3)) (local.get $blockB))
                               (i32.shl (i32.and (local.get $c) (i32.const 7)) (i32.const 2)))))
                    (if (i32.lt_s (local.get $c) (local.get $D))
                      (then
                        (f32.store (local.get $at)
                          (f32.sub
                            (f32.load (i32.add (local.get $src)
                              (i32.shl (i32.load (i32.add (local.get $pIdx) (i32.shl (local.get $c) (i32.const 2)))) (i32.const 2))))
                            (f32.load (i32.add (local.get $pMean) (i32.shl (local.get $c) (i32.const 2)))))))
                      (else (f32.store (local.get $at) (f32.const 0))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $gather)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rowsL))))

  ;; syrk8: C[a][b] += Σ_{k<K} P[a][k]·P[b][k] (f64, row stride ldc) on a panel packed by
  ;; pack8 (K ≥ 1), for the 4-row blocks a0 ≤ a < a1 (a0 a multiple of 4) and
  ;; the 8-column blocks from max(b0, a rounded down to 8) to b1 (multiples of 8): the
  ;; upper triangle, plus the few entries below the diagonal inside a diagonal block.
  ;; A 4×8 register tile: per k, two vector loads of b, four broadcasts of a, eight
  ;; independent f32x4 accumulators, and no shuffles; the k loop is NOT unrolled (unrolled
  ;; twice or four times it ran ~1.5–2× slower in V8, and 6×8 or 4×12 tiles slower still); the tile is summed in f32 over the
  ;; panel and added into C in f64 (as `dots` mode 1 does), keeping ~1e-6 accuracy over
  ;; many panels. Each C entry comes from one tile, whatever ranges the callers split by.
  (func (export "syrk8") (param $pP i32) (param $K i32) (param $a0 i32) (param $a1 i32)
    (param $b0 i32) (param $b1 i32) (param $pC i32) (param $ldc i32)
    (local $a i32) (local $b i32) (local $pa i32) (local $pb i32) (local $end i32) (local $blockB i32)
    (local $po i32) (local $rowC i32) (local $paStart i32)
    (local $x v128) (local $b0v v128) (local $b1v v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $blockB (i32.shl (local.get $K) (i32.const 5)))
    (local.set $rowC (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $a (local.get $a0))
    (block $aDone
      (loop $aLoop
        (br_if $aDone (i32.ge_s (local.get $a) (local.get $a1)))
        ;; row a's micro-panel, lane a mod 8
        (local.set $paStart (i32.add (local.get $pP)
          (i32.add (i32.mul (i32.shr_u (local.get $a) (i32.const 3)) (local.get $blockB))
                   (i32.shl (i32.and (local.get $a) (i32.const 7)) (i32.const 2)))))
        (local.set $b (select (local.get $b0) (i32.and (local.get $a) (i32.const -8))
          (i32.gt_s (local.get $b0) (i32.and (local.get $a) (i32.const -8)))))
        (block $bDone
          (loop $bLoop
            (br_if $bDone (i32.ge_s (local.get $b) (local.get $b1)))
            (local.set $pa (local.get $paStart))
            (local.set $pb (i32.add (local.get $pP) (i32.mul (i32.shr_u (local.get $b) (i32.const 3)) (local.get $blockB))))
            (local.set $end (i32.add (local.get $pb) (local.get $blockB)))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0)) (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0)) (local.set $s20 (v128.const i32x4 0 0 0 0)) (local.set $s21 (v128.const i32x4 0 0 0 0)) (local.set $s30 (v128.const i32x4 0 0 0 0)) (local.set $s31 (v128.const i32x4 0 0 0 0))
            (loop $kLoop
                (local.set $b0v (v128.load (local.get $pb)))
                (local.set $b1v (v128.load offset=16 (local.get $pb)))
                (local.set $x (v128.load32_splat (local.get $pa)))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0v))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1v))))
                (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0v))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1v))))
                (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
                (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0v))))
                (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1v))))
                (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
                (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0v))))
                (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1v))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
                (br_if $kLoop (i32.lt_u (local.get $pb) (local.get $end))))
            (local.set $po (i32.add (local.get $pC)
              (i32.shl (i32.add (i32.mul (local.get $a) (local.get $ldc)) (local.get $b)) (i32.const 3))))
            (v128.store offset=0 (local.get $po) (f64x2.add (v128.load offset=0 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s00))))
            (v128.store offset=16 (local.get $po) (f64x2.add (v128.load offset=16 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s00) (local.get $s00)))))
            (v128.store offset=32 (local.get $po) (f64x2.add (v128.load offset=32 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s01))))
            (v128.store offset=48 (local.get $po) (f64x2.add (v128.load offset=48 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s01) (local.get $s01)))))
            (local.set $po (i32.add (local.get $po) (local.get $rowC)))
            (v128.store offset=0 (local.get $po) (f64x2.add (v128.load offset=0 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s10))))
            (v128.store offset=16 (local.get $po) (f64x2.add (v128.load offset=16 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s10) (local.get $s10)))))
            (v128.store offset=32 (local.get $po) (f64x2.add (v128.load offset=32 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s11))))
            (v128.store offset=48 (local.get $po) (f64x2.add (v128.load offset=48 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s11) (local.get $s11)))))
            (local.set $po (i32.add (local.get $po) (local.get $rowC)))
            (v128.store offset=0 (local.get $po) (f64x2.add (v128.load offset=0 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s20))))
            (v128.store offset=16 (local.get $po) (f64x2.add (v128.load offset=16 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s20) (local.get $s20)))))
            (v128.store offset=32 (local.get $po) (f64x2.add (v128.load offset=32 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s21))))
            (v128.store offset=48 (local.get $po) (f64x2.add (v128.load offset=48 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s21) (local.get $s21)))))
            (local.set $po (i32.add (local.get $po) (local.get $rowC)))
            (v128.store offset=0 (local.get $po) (f64x2.add (v128.load offset=0 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s30))))
            (v128.store offset=16 (local.get $po) (f64x2.add (v128.load offset=16 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s30) (local.get $s30)))))
            (v128.store offset=32 (local.get $po) (f64x2.add (v128.load offset=32 (local.get $po)) (f64x2.promote_low_f32x4 (local.get $s31))))
            (v128.store offset=48 (local.get $po) (f64x2.add (v128.load offset=48 (local.get $po)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s31) (local.get $s31)))))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $bLoop)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $aLoop))))

;; xw: out[i·w + r] = Σ_{a<K} X[i·ld + a]·W[a·w + r] for i < m, r < w (w a multiple of
  ;; 4; W and out w floats a row): rows times a small matrix, PCA's scores (W = the basis,
  ;; transposed). `dots` on the basis rows spent a shuffle reduction per 2×4 tile, large
  ;; beside K ≈ 100; here, as in syrk8, each lane sums one output over a in order: per a,
  ;; four broadcasts of X (four rows) times two vectors of W's row a, eight accumulators,
  ;; no shuffles. Columns go 8 at a time, then a last 4 (w ≡ 4 mod 8), rows 4 at a time,
  ;; then one by one. Each output is the same sum in the same order wherever its row falls,
  ;; so splitting the rows across threads changes nothing.
  (func (export "xw") (param $pX i32) (param $ld i32) (param $m i32) (param $pW i32) (param $K i32)
    (param $w i32) (param $pOut i32)
    (local $c i32) (local $i i32) (local $t i32) (local $kb i32) (local $rowX i32) (local $rowW i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $pw i32) (local $po i32) (local $wide i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $kb (i32.shl (local.get $K) (i32.const 2)))
    (local.set $rowX (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $rowW (i32.shl (local.get $w) (i32.const 2)))
    (block $colsDone
      (loop $cols
        (br_if $colsDone (i32.ge_s (local.get $c) (local.get $w)))
        ;; 8 columns from c, or the last 4
        (local.set $wide (i32.le_s (i32.add (local.get $c) (i32.const 8)) (local.get $w)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $p0 (i32.add (local.get $pX) (i32.mul (local.get $i) (local.get $rowX))))
            (local.set $pw (i32.add (local.get $pW) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s20 (v128.const i32x4 0 0 0 0)) (local.set $s21 (v128.const i32x4 0 0 0 0))
            (local.set $s30 (v128.const i32x4 0 0 0 0)) (local.set $s31 (v128.const i32x4 0 0 0 0))
            (local.set $t (i32.const 0))
            (if (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))
              (then
                (local.set $p1 (i32.add (local.get $p0) (local.get $rowX)))
                (local.set $p2 (i32.add (local.get $p1) (local.get $rowX)))
                (local.set $p3 (i32.add (local.get $p2) (local.get $rowX)))
                (if (local.get $wide)
                  (then
                    (block $kDone
                      (loop $k
                        (br_if $kDone (i32.ge_u (local.get $t) (local.get $kb)))
                        (local.set $b0 (v128.load (local.get $pw)))
                        (local.set $b1 (v128.load offset=16 (local.get $pw)))
                        (local.set $x (v128.load32_splat (i32.add (local.get $p0) (local.get $t))))
                        (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $b0))))
                        (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $b1))))
                        (local.set $x (v128.load32_splat (i32.add (local.get $p1) (local.get $t))))
                        (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $b0))))
                        (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $b1))))
                        (local.set $x (v128.load32_splat (i32.add (local.get $p2) (local.get $t))))
                        (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $b0))))
                        (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $b1))))
                        (local.set $x (v128.load32_splat (i32.add (local.get $p3) (local.get $t))))
                        (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $b0))))
                        (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $b1))))
                        (local.set $pw (i32.add (local.get $pw) (local.get $rowW)))
                        (local.set $t (i32.add (local.get $t) (i32.const 4)))
                        (br $k))))
                  (else
                    (block $k4Done
                      (loop $k4
                        (br_if $k4Done (i32.ge_u (local.get $t) (local.get $kb)))
                        (local.set $b0 (v128.load (local.get $pw)))
                        (local.set $s00 (f32x4.add (local.get $s00)
                          (f32x4.mul (v128.load32_splat (i32.add (local.get $p0) (local.get $t))) (local.get $b0))))
                        (local.set $s10 (f32x4.add (local.get $s10)
                          (f32x4.mul (v128.load32_splat (i32.add (local.get $p1) (local.get $t))) (local.get $b0))))
                        (local.set $s20 (f32x4.add (local.get $s20)
                          (f32x4.mul (v128.load32_splat (i32.add (local.get $p2) (local.get $t))) (local.get $b0))))
                        (local.set $s30 (f32x4.add (local.get $s30)
                          (f32x4.mul (v128.load32_splat (i32.add (local.get $p3) (local.get $t))) (local.get $b0))))
                        (local.set $pw (i32.add (local.get $pw) (local.get $rowW)))
                        (local.set $t (i32.add (local.get $t) (i32.const 4)))
                        (br $k4)))))
                (local.set $po (i32.add (local.get $pOut)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $w)) (local.get $c)) (i32.const 2))))
                (v128.store (local.get $po) (local.get $s00))
                (if (local.get $wide) (then (v128.store offset=16 (local.get $po) (local.get $s01))))
                (local.set $po (i32.add (local.get $po) (local.get $rowW)))
                (v128.store (local.get $po) (local.get $s10))
                (if (local.get $wide) (then (v128.store offset=16 (local.get $po) (local.get $s11))))
                (local.set $po (i32.add (local.get $po) (local.get $rowW)))
                (v128.store (local.get $po) (local.get $s20))
                (if (local.get $wide) (then (v128.store offset=16 (local.get $po) (local.get $s21))))
                (local.set $po (i32.add (local.get $po) (local.get $rowW)))
                (v128.store (local.get $po) (local.get $s30))
                (if (local.get $wide) (then (v128.store offset=16 (local.get $po) (local.get $s31))))
                (local.set $i (i32.add (local.get $i) (i32.const 4))))
              (else
                ;; one row: both halves summed (the upper one is unused when not wide)
                (block $k1Done
                  (loop $k1
                    (br_if $k1Done (i32.ge_u (local.get $t) (local.get $kb)))
                    (local.set $x (v128.load32_splat (i32.add (local.get $p0) (local.get $t))))
                    (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (v128.load (local.get $pw)))))
                    (if (local.get $wide)
                      (then (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $pw)))))))
                    (local.set $pw (i32.add (local.get $pw) (local.get $rowW)))
                    (local.set $t (i32.add (local.get $t) (i32.const 4)))
                    (br $k1)))
                (local.set $po (i32.add (local.get $pOut)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $w)) (local.get $c)) (i32.const 2))))
                (v128.store (local.get $po) (local.get $s00))
                (if (local.get $wide) (then (v128.store offset=16 (local.get $po) (local.get $s01))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br $rows)))
        (local.set $c (i32.add (local.get $c) (select (i32.const 8) (i32.const 4) (local.get $wide))))
        (br $cols))))

;; compact: out[i·ldo + c] = X[i·ld + c] − bias[c] for i < rows, c < cols (f32): PCA's
  ;; scores from xw's tile rows (k rounded up to 4) to the result's k columns, less a
  ;; per-column offset (scores of raw rows: x·V − μ·V). In JS this copy was a loop that
  ;; ran a few hundred times per PCA, mostly before V8 had optimised it.
  (func (export "compact") (param $pX i32) (param $ld i32) (param $rows i32) (param $cols i32) (param $pBias i32)
    (param $pOut i32) (param $ldo i32)
    (local $i i32) (local $c i32) (local $src i32) (local $dst i32) (local $cb i32)
    (local.set $cb (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $rowsL
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $src (i32.add (local.get $pX) (i32.shl (i32.mul (local.get $i) (local.get $ld)) (i32.const 2))))
        (local.set $dst (i32.add (local.get $pOut) (i32.shl (i32.mul (local.get $i) (local.get $ldo)) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $cDone
          (loop $cL
            (br_if $cDone (i32.ge_u (local.get $c) (local.get $cb)))
            (f32.store (i32.add (local.get $dst) (local.get $c))
              (f32.sub (f32.load (i32.add (local.get $src) (local.get $c))) (f32.load (i32.add (local.get $pBias) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $cL)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowsL))))

;; symmetrise64: M[a][b] = M[b][a] = (M[a][b] − (f·d[a])·d[b])·scale for a ≤ b < D (f64, row
  ;; stride ld): PCA's covariance from syrk8's upper triangle of shifted sums (f = n, d =
  ;; μ − shift; f = 0 when summed about μ), scaled by 1/(n − 1) and mirrored for gemv64.
  ;; Run once per PCA: as a JS loop it ran in the interpreter until V8 compiled it mid-run.
  (func (export "symmetrise64") (param $pM i32) (param $ld i32) (param $D i32) (param $scale f64) (param $pD i32) (param $f f64)
    (local $a i32) (local $b i32) (local $rowB i32) (local $fa f64) (local $v f64) (local $pa i32)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 3)))
    (block $done
      (loop $aL
        (br_if $done (i32.ge_s (local.get $a) (local.get $D)))
        (local.set $fa (f64.mul (local.get $f) (f64.load (i32.add (local.get $pD) (i32.shl (local.get $a) (i32.const 3))))))
        (local.set $pa (i32.add (local.get $pM) (i32.mul (local.get $a) (local.get $rowB))))
        (local.set $b (local.get $a))
        (block $bDone
          (loop $bL
            (br_if $bDone (i32.ge_s (local.get $b) (local.get $D)))
            (local.set $v (f64.mul
              (f64.sub (f64.load (i32.add (local.get $pa) (i32.shl (local.get $b) (i32.const 3))))
                (f64.mul (local.get $fa) (f64.load (i32.add (local.get $pD) (i32.shl (local.get $b) (i32.const 3))))))
              (local.get $scale)))
            (f64.store (i32.add (local.get $pa) (i32.shl (local.get $b) (i32.const 3))) (local.get $v))
            (f64.store (i32.add (i32.add (local.get $pM) (i32.mul (local.get $b) (local.get $rowB))) (i32.shl (local.get $a) (i32.const 3))) (local.get $v))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $bL)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $aL))))

  ;; gemv64: y[i] = Σ_{j<n} A[i·lda + j]·x[j] for i < m, all f64 (n even, lda ≥ n). Lanczos
  ;; applies PCA's covariance to one vector a step; in JS that loop ran ~1 GMAC/s and,
  ;; called a few dozen times in a run, mostly before V8 had optimised it. Four rows at a
  ;; time share each load of x; two f64 lanes each, summed (lane 0 + lane 1) at the end.
  (func (export "gemv64") (param $pA i32) (param $lda i32) (param $m i32) (param $n i32) (param $pX i32) (param $pY i32)
    (local $i i32) (local $k i32) (local $nb i32) (local $rowB i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $x v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $rowB (i32.shl (local.get $lda) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $p0 (i32.add (local.get $pA) (i32.mul (local.get $i) (local.get $rowB))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $rowB)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $rowB)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $rowB)))
        (local.set $s0 (v128.const i32x4 0 0 0 0)) (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0)) (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.ge_u (local.get $k) (local.get $nb)))
            (local.set $x (v128.load (i32.add (local.get $pX) (local.get $k))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (i32.add (local.get $p0) (local.get $k))) (local.get $x))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load (i32.add (local.get $p1) (local.get $k))) (local.get $x))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (v128.load (i32.add (local.get $p2) (local.get $k))) (local.get $x))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (v128.load (i32.add (local.get $p3) (local.get $k))) (local.get $x))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $kLoop)))
        (local.set $p0 (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $p0) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (f64.store offset=8 (local.get $p0) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
        (f64.store offset=16 (local.get $p0) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
        (f64.store offset=24 (local.get $p0) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $p0 (i32.add (local.get $pA) (i32.mul (local.get $i) (local.get $rowB))))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $rkDone
          (loop $rk
            (br_if $rkDone (i32.ge_u (local.get $k) (local.get $nb)))
            (local.set $s0 (f64x2.add (local.get $s0)
              (f64x2.mul (v128.load (i32.add (local.get $p0) (local.get $k))) (v128.load (i32.add (local.get $pX) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $rk)))
        (f64.store (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest))))

  ;; keyTile: turns an m×nb tile of dot products (row stride ldo, a multiple of 4, pad
  ;; lanes ignored) into kNN ranking keys in place and lists the pairs that could enter
  ;; a heap. Row a of the tile is data row i0 + a, column b is row j0 + b.
  ;;   euclidean (metric 0): key = term[i] + term[j] − 2·dot, term = squared norm
  ;;   cosine    (metric 1): key = 1 − dot·term[i]·term[j],   term = 1 / norm (0 for a zero row)
  ;; A pair is listed (as a·ldo + b, ascending) when key ≤ thr[i] or key ≤ thr[j], thr
  ;; being each row's current worst kept key (+∞ while its heap fills), and, on a
  ;; diagonal tile (i0 = j0), only when b > a. The caller re-checks each listed pair
  ;; exactly, so this is a filter: it lets through every pair that could matter and
  ;; almost nothing else once the heaps are full (four lanes compared per step; the
  ;; scalar JS test of every pair cost more than the dot products at 50–100 dims).
  ;; Returns how many pairs were listed.
  (func (export "keyTile") (param $pTile i32) (param $m i32) (param $nb i32) (param $ldo i32)
    (param $i0 i32) (param $j0 i32) (param $pTerm i32) (param $pThr i32) (param $metric i32)
    (param $pList i32) (result i32)
    (local $a i32) (local $b i32) (local $p i32) (local $count i32) (local $mask i32) (local $bits i32)
    (local $ti v128) (local $thrI v128) (local $key v128) (local $d v128) (local $tj v128)
    (local $diag i32)
    (local.set $diag (i32.eq (local.get $i0) (local.get $j0)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $a) (local.get $m)))
        (local.set $ti (v128.load32_splat (i32.add (local.get $pTerm) (i32.shl (i32.add (local.get $i0) (local.get $a)) (i32.const 2)))))
        (local.set $thrI (v128.load32_splat (i32.add (local.get $pThr) (i32.shl (i32.add (local.get $i0) (local.get $a)) (i32.const 2)))))
        (local.set $b (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $b) (local.get $nb)))
            (local.set $p (i32.add (local.get $pTile) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $ldo)) (local.get $b)) (i32.const 2))))
            (local.set $d (v128.load (local.get $p)))
            (local.set $tj (v128.load (i32.add (local.get $pTerm) (i32.shl (i32.add (local.get $j0) (local.get $b)) (i32.const 2)))))
            (if (local.get $metric)
              (then (local.set $key (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.mul (f32x4.mul (local.get $d) (local.get $ti)) (local.get $tj)))))
              (else (local.set $key (f32x4.sub (f32x4.add (local.get $ti) (local.get $tj)) (f32x4.add (local.get $d) (local.get $d))))))
            (v128.store (local.get $p) (local.get $key))
            (local.set $mask (i32x4.bitmask (v128.or
              (f32x4.le (local.get $key) (local.get $thrI))
              (f32x4.le (local.get $key)
                (v128.load (i32.add (local.get $pThr) (i32.shl (i32.add (local.get $j0) (local.get $b)) (i32.const 2))))))))
            ;; lanes past nb are padding
            (if (i32.lt_s (i32.sub (local.get $nb) (local.get $b)) (i32.const 4))
              (then (local.set $mask (i32.and (local.get $mask)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $nb) (local.get $b))) (i32.const 1))))))
            ;; diagonal tile: only b > a (lane l is column b + l)
            (if (i32.and (local.get $diag) (i32.le_s (local.get $b) (local.get $a)))
              (then
                (local.set $bits (i32.sub (local.get $a) (local.get $b)))
                (local.set $mask (if (result i32) (i32.ge_s (local.get $bits) (i32.const 3))
                  (then (i32.const 0))
                  (else (i32.and (local.get $mask) (i32.shl (i32.const -1) (i32.add (local.get $bits) (i32.const 1)))))))))
            (block $listed
              (loop $list
                (br_if $listed (i32.eqz (local.get $mask)))
                (i32.store (i32.add (local.get $pList) (i32.shl (local.get $count) (i32.const 2)))
                  (i32.add (i32.add (i32.mul (local.get $a) (local.get $ldo)) (local.get $b)) (i32.ctz (local.get $mask))))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
                (br $list)))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (br $cols)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $rows)))
    (local.get $count))
;; gather: out row r = X row ids[r] for r < m (rows of ld floats, a multiple of 4), one
  ;; vector at a time. NN-descent's joins and tree leaves gather their candidates' rows
  ;; so one `dots` call covers every pair; copyWithin per row cost a runtime call each.
  (func (export "gather") (param $pX i32) (param $ld i32) (param $pIds i32) (param $m i32) (param $pOut i32)
    (local $r i32) (local $src i32) (local $dst i32) (local $k i32) (local $rowB i32)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $dst (local.get $pOut))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $r) (local.get $m)))
        (local.set $src (i32.add (local.get $pX)
          (i32.mul (i32.load (i32.add (local.get $pIds) (i32.shl (local.get $r) (i32.const 2)))) (local.get $rowB))))
        (local.set $k (i32.const 0))
        (loop $copy
          (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.load (i32.add (local.get $src) (local.get $k))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $copy (i32.lt_u (local.get $k) (local.get $rowB))))
        (local.set $dst (i32.add (local.get $dst) (local.get $rowB)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
;; project: out[r] = offset + X row ids[r] · v for r < m (rows of ld floats, a multiple of
  ;; 4, v padded with zeros): the side of a hyperplane for every point of an NN-descent
  ;; tree node, in place of a scalar JS loop per point. Four accumulators per row.
  (func (export "project") (param $pX i32) (param $ld i32) (param $pIds i32) (param $m i32)
    (param $pV i32) (param $offset f32) (param $pOut i32)
    (local $r i32) (local $src i32) (local $k i32) (local $rowB i32) (local $rowB16 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $rowB16 (i32.and (local.get $rowB) (i32.const -64)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $r) (local.get $m)))
        (local.set $src (i32.add (local.get $pX)
          (i32.mul (i32.load (i32.add (local.get $pIds) (i32.shl (local.get $r) (i32.const 2)))) (local.get $rowB))))
        (local.set $s0 (v128.const i32x4 0 0 0 0)) (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0)) (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (block $d16
          (loop $l16
            (br_if $d16 (i32.ge_u (local.get $k) (local.get $rowB16)))
            (local.set $s0 (f32x4.add (local.get $s0)
              (f32x4.mul (v128.load (i32.add (local.get $src) (local.get $k))) (v128.load (i32.add (local.get $pV) (local.get $k))))))
            (local.set $s1 (f32x4.add (local.get $s1)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $src) (local.get $k))) (v128.load offset=16 (i32.add (local.get $pV) (local.get $k))))))
            (local.set $s2 (f32x4.add (local.get $s2)
              (f32x4.mul (v128.load offset=32 (i32.add (local.get $src) (local.get $k))) (v128.load offset=32 (i32.add (local.get $pV) (local.get $k))))))
            (local.set $s3 (f32x4.add (local.get $s3)
              (f32x4.mul (v128.load offset=48 (i32.add (local.get $src) (local.get $k))) (v128.load offset=48 (i32.add (local.get $pV) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 64)))
            (br $l16)))
        (block $d4
          (loop $l4
            (br_if $d4 (i32.ge_u (local.get $k) (local.get $rowB)))
            (local.set $s0 (f32x4.add (local.get $s0)
              (f32x4.mul (v128.load (i32.add (local.get $src) (local.get $k))) (v128.load (i32.add (local.get $pV) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $l4)))
        (local.set $s0 (f32x4.add (f32x4.add (local.get $s0) (local.get $s1)) (f32x4.add (local.get $s2) (local.get $s3))))
        (f32.store (i32.add (local.get $pOut) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add (local.get $offset)
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
              (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; rowDist64: out[s] (f64) = Σ_t (a[t] − X row ids[s][t])² (mode 0) or Σ_t a[t]·X row
  ;; ids[s][t] (mode 1) over ld floats (a multiple of 4), row a at byte pA, rows of X ld
  ;; floats apart. The exact kNN graphs re-rank each row's few candidates by these f64
  ;; values (neighbors/knnHeap.ts); in JS that re-rank cost as much as a third of the
  ;; pruned graph. Floats are promoted exactly; lanes t ≡ 0, 1 (mod 4) sum in one f64x2,
  ;; t ≡ 2, 3 in another, each in order of t, and the total is (s0 + s1) + (s2 + s3):
  ;; knnHeap.ts's JS sums in this order, so both give the same bits.
  (func (export "rowDist64") (param $pA i32) (param $pX i32) (param $ld i32) (param $pIds i32)
    (param $count i32) (param $mode i32) (param $pOut i32)
    (local $s i32) (local $kb i32) (local $pa i32) (local $end i32) (local $pb i32) (local $pc i32) (local $po i32)
    (local $a v128) (local $b v128) (local $c v128) (local $x v128) (local $y v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    ;; Two candidates a pass (rows pb, pc; pc = pb for a last odd one), four f64x2 chains:
    ;; one pair's two chains alone waited on the add latency (~2× slower). Each pair's
    ;; sums are as before.
    (local.set $kb (i32.shl (local.get $ld) (i32.const 2)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (local.get $s) (local.get $count)))
        (local.set $pb (i32.add (local.get $pX)
          (i32.mul (i32.load (i32.add (local.get $pIds) (i32.shl (local.get $s) (i32.const 2)))) (local.get $kb))))
        (local.set $pc (select
          (i32.add (local.get $pX)
            (i32.mul (i32.load offset=4 (i32.add (local.get $pIds) (i32.shl (local.get $s) (i32.const 2)))) (local.get $kb)))
          (local.get $pb)
          (i32.lt_s (i32.add (local.get $s) (i32.const 1)) (local.get $count))))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $acc3 (v128.const i32x4 0 0 0 0))
        (local.set $pa (local.get $pA))
        (local.set $end (i32.add (local.get $pA) (local.get $kb)))
        (if (local.get $mode)
          (then
            (block $dDone
              (loop $dLoop
                (br_if $dDone (i32.ge_u (local.get $pa) (local.get $end)))
                (local.set $a (v128.load (local.get $pa)))
                (local.set $b (v128.load (local.get $pb)))
                (local.set $c (v128.load (local.get $pc)))
                (local.set $x (f64x2.promote_low_f32x4 (local.get $a)))
                (local.set $y (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))
                (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $x) (f64x2.promote_low_f32x4 (local.get $b)))))
                (local.set $acc1 (f64x2.add (local.get $acc1)
                  (f64x2.mul (local.get $y) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b))))))
                (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $x) (f64x2.promote_low_f32x4 (local.get $c)))))
                (local.set $acc3 (f64x2.add (local.get $acc3)
                  (f64x2.mul (local.get $y) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c))))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (br $dLoop))))
          (else
            (block $eDone
              (loop $eLoop
                (br_if $eDone (i32.ge_u (local.get $pa) (local.get $end)))
                (local.set $a (v128.load (local.get $pa)))
                (local.set $b (v128.load (local.get $pb)))
                (local.set $c (v128.load (local.get $pc)))
                (local.set $x (f64x2.promote_low_f32x4 (local.get $a)))
                (local.set $y (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))
                (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul
                  (f64x2.sub (local.get $x) (f64x2.promote_low_f32x4 (local.get $b)))
                  (f64x2.sub (local.get $x) (f64x2.promote_low_f32x4 (local.get $b))))))
                (local.set $b (f64x2.sub (local.get $y)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)))))
                (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $b) (local.get $b))))
                (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul
                  (f64x2.sub (local.get $x) (f64x2.promote_low_f32x4 (local.get $c)))
                  (f64x2.sub (local.get $x) (f64x2.promote_low_f32x4 (local.get $c))))))
                (local.set $c (f64x2.sub (local.get $y)
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c)))))
                (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $c) (local.get $c))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (br $eLoop)))))
        (local.set $po (i32.add (local.get $pOut) (i32.shl (local.get $s) (i32.const 3))))
        (f64.store (local.get $po)
          (f64.add
            (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0)))
            (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1)))))
        (if (i32.lt_s (i32.add (local.get $s) (i32.const 1)) (local.get $count))
          (then
            (f64.store offset=8 (local.get $po)
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc2)) (f64x2.extract_lane 1 (local.get $acc2)))
                (f64.add (f64x2.extract_lane 0 (local.get $acc3)) (f64x2.extract_lane 1 (local.get $acc3)))))))
        (local.set $s (i32.add (local.get $s) (i32.const 2)))
        (br $pairs))))

  ;; listDotsRuns: what listDots gives (the same bits: each pair summed as $dot1 sums it),
  ;; faster on keyTile's lists. A list is in ascending a·ldo + b, so a row of A usually
  ;; meets several rows of B in a row (on MNIST 10k, 82 % of the pairs come four or more
  ;; to a row): four such pairs share each load of the A row (5 loads per 4 vector
  ;; multiply-adds instead of 8, and the A row stays in L1), two k steps a round with
  ;; immediate offsets. Other pairs go four at a time as in listDots, the last few alone.
  (func (export "listDotsRuns") (param $pA i32) (param $pB i32) (param $ld i32) (param $pList i32)
    (param $count i32) (param $ldo i32) (param $pOut i32)
    (local $e i32) (local $t i32) (local $k i32) (local $kb i32) (local $kb2 i32) (local $rowB i32) (local $row i32)
    (local $pa i32) (local $pl i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $a v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rowB (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $kb (local.get $rowB))
    (local.set $kb2 (i32.and (local.get $kb) (i32.const -32)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_s (local.get $e) (local.get $count)))
        (local.set $pl (i32.add (local.get $pList) (i32.shl (local.get $e) (i32.const 2))))
        (local.set $row (i32.div_u (i32.load (local.get $pl)) (local.get $ldo)))
        (if (i32.and
              (i32.le_s (i32.add (local.get $e) (i32.const 4)) (local.get $count))
              (i32.eq (i32.div_u (i32.load offset=12 (local.get $pl)) (local.get $ldo)) (local.get $row)))
          (then
            ;; four pairs of one A row
            (local.set $pa (i32.add (local.get $pA) (i32.mul (local.get $row) (local.get $rowB))))
            (local.set $b0 (i32.add (local.get $pB) (i32.mul (i32.rem_u (i32.load (local.get $pl)) (local.get $ldo)) (local.get $rowB))))
            (local.set $b1 (i32.add (local.get $pB) (i32.mul (i32.rem_u (i32.load offset=4 (local.get $pl)) (local.get $ldo)) (local.get $rowB))))
            (local.set $b2 (i32.add (local.get $pB) (i32.mul (i32.rem_u (i32.load offset=8 (local.get $pl)) (local.get $ldo)) (local.get $rowB))))
            (local.set $b3 (i32.add (local.get $pB) (i32.mul (i32.rem_u (i32.load offset=12 (local.get $pl)) (local.get $ldo)) (local.get $rowB))))
            (local.set $s0 (v128.const i32x4 0 0 0 0)) (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $s2 (v128.const i32x4 0 0 0 0)) (local.set $s3 (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $kb2)))
                (local.set $a (v128.load (i32.add (local.get $pa) (local.get $k))))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b0) (local.get $k))))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b1) (local.get $k))))))
                (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b2) (local.get $k))))))
                (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b3) (local.get $k))))))
                (local.set $a (v128.load offset=16 (i32.add (local.get $pa) (local.get $k))))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $a) (v128.load offset=16 (i32.add (local.get $b0) (local.get $k))))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $a) (v128.load offset=16 (i32.add (local.get $b1) (local.get $k))))))
                (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $a) (v128.load offset=16 (i32.add (local.get $b2) (local.get $k))))))
                (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $a) (v128.load offset=16 (i32.add (local.get $b3) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 32)))
                (br $kLoop)))
            (if (i32.lt_u (local.get $k) (local.get $kb))
              (then
                (local.set $a (v128.load (i32.add (local.get $pa) (local.get $k))))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b0) (local.get $k))))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b1) (local.get $k))))))
                (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b2) (local.get $k))))))
                (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $a) (v128.load (i32.add (local.get $b3) (local.get $k))))))
              ))
            (local.set $t (i32.add (local.get $pOut) (i32.shl (local.get $e) (i32.const 2))))
            (f32.store (local.get $t) (call $hsum (local.get $s0)))
            (f32.store offset=4 (local.get $t) (call $hsum (local.get $s1)))
            (f32.store offset=8 (local.get $t) (call $hsum (local.get $s2)))
            (f32.store offset=12 (local.get $t) (call $hsum (local.get $s3)))
            (local.set $e (i32.add (local.get $e) (i32.const 4))))
          (else
            (if (i32.le_s (i32.add (local.get $e) (i32.const 4)) (local.get $count))
              (then
                ;; four pairs of different A rows: listDots's quad
                (call $listDots4 (local.get $pA) (local.get $pB) (local.get $rowB) (local.get $pl) (local.get $ldo)
                  (i32.add (local.get $pOut) (i32.shl (local.get $e) (i32.const 2))))
                (local.set $e (i32.add (local.get $e) (i32.const 4))))
              (else
                (local.set $t (i32.load (local.get $pl)))
                (f32.store (i32.add (local.get $pOut) (i32.shl (local.get $e) (i32.const 2)))
                  (call $dot1
                    (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB)))
                    (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB)))
                    (local.get $kb)))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))))))
        (br $pairs))))

  ;; The four pairs at pl (rows of A and B kb = rowB bytes wide) into out[0..3], each summed as $dot1 sums it.
  (func $listDots4 (param $pA i32) (param $pB i32) (param $rowB i32) (param $pl i32) (param $ldo i32) (param $pOut i32)
    (local $k i32) (local $t i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $t (i32.load (local.get $pl)))
    (local.set $a0 (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $b0 (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $t (i32.load offset=4 (local.get $pl)))
    (local.set $a1 (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $b1 (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $t (i32.load offset=8 (local.get $pl)))
    (local.set $a2 (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $b2 (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $t (i32.load offset=12 (local.get $pl)))
    (local.set $a3 (i32.add (local.get $pA) (i32.mul (i32.div_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    (local.set $b3 (i32.add (local.get $pB) (i32.mul (i32.rem_u (local.get $t) (local.get $ldo)) (local.get $rowB))))
    ;; Pointers step along the rows: `base + k` for eight bases made V8 (TurboFan, Node 20)
    ;; loop ~6× slower on lists without runs (MNIST's tiles: ~0.5 µs a pair → ~0.1).
    (block $kDone
      (loop $kLoop
        (br_if $kDone (i32.ge_u (local.get $k) (local.get $rowB)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (v128.load (local.get $a0)) (v128.load (local.get $b0)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (v128.load (local.get $a1)) (v128.load (local.get $b1)))))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (v128.load (local.get $a2)) (v128.load (local.get $b2)))))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (v128.load (local.get $a3)) (v128.load (local.get $b3)))))
        (local.set $a0 (i32.add (local.get $a0) (i32.const 16))) (local.set $a1 (i32.add (local.get $a1) (i32.const 16)))
        (local.set $a2 (i32.add (local.get $a2) (i32.const 16))) (local.set $a3 (i32.add (local.get $a3) (i32.const 16)))
        (local.set $b0 (i32.add (local.get $b0) (i32.const 16))) (local.set $b1 (i32.add (local.get $b1) (i32.const 16)))
        (local.set $b2 (i32.add (local.get $b2) (i32.const 16))) (local.set $b3 (i32.add (local.get $b3) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $kLoop)))
    (f32.store (local.get $pOut) (call $hsum (local.get $s0)))
    (f32.store offset=4 (local.get $pOut) (call $hsum (local.get $s1)))
    (f32.store offset=8 (local.get $pOut) (call $hsum (local.get $s2)))
    (f32.store offset=12 (local.get $pOut) (call $hsum (local.get $s3))))
)
