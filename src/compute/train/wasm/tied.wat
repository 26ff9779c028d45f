;; tied.wat: the O(V·D) part of one step of the tied next-token model (tiedlm.ts), in
;; WebAssembly SIMD: the logits E·h + b over the whole vocabulary, the softmax's max and
;; Σ exp, and the fused update of every row (dh += g_v·E_v with the old row, then
;; E_v −= lr·g_v·h, b_v −= lr·g_v). The O(D²) hidden layer and the context rows stay in
;; JS (tiedlm.ts), which also keeps the plain-JS loop for engines without SIMD.
;;
;; Rows are D f32 (D a multiple of 4) at E + v·4D. Vectors h and dh are D f32; the
;; logits / exponentials are V f32. Four rows at a time in `logits` so four sums are in
;; flight (one running sum waits on each add); `update` streams each row once, reading
;; it for dh and writing it back updated, so E crosses memory twice per step in all.
(module
  (import "env" "memory" (memory 1))

  ;; out[v] = b[v] + E_v·h
  (func (export "logits") (param $pE i32) (param $V i32) (param $D i32) (param $pH i32) (param $pB i32) (param $pOut i32)
    (local $v i32) (local $k i32) (local $rowB i32) (local $r0 i32) (local $h v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t0 v128) (local $t1 v128)
    (local.set $rowB (i32.shl (local.get $D) (i32.const 2)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_s (i32.add (local.get $v) (i32.const 4)) (local.get $V)))
        (local.set $r0 (i32.add (local.get $pE) (i32.mul (local.get $v) (local.get $rowB))))
        (local.set $s0 (v128.const i32x4 0 0 0 0)) (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0)) (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (loop $dot
          (local.set $h (v128.load (i32.add (local.get $pH) (local.get $k))))
          (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $h) (v128.load (i32.add (local.get $r0) (local.get $k))))))
          (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $h)
            (v128.load (i32.add (i32.add (local.get $r0) (local.get $rowB)) (local.get $k))))))
          (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $h)
            (v128.load (i32.add (i32.add (local.get $r0) (i32.shl (local.get $rowB) (i32.const 1))) (local.get $k))))))
          (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $h)
            (v128.load (i32.add (i32.add (local.get $r0) (i32.mul (local.get $rowB) (i32.const 3))) (local.get $k))))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $dot (i32.lt_u (local.get $k) (local.get $rowB))))
        ;; 4×4 transpose-add: [Σs0, Σs1, Σs2, Σs3]
        (local.set $t0 (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s0) (local.get $s1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s0) (local.get $s1))))
        (local.set $t1 (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s2) (local.get $s3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s2) (local.get $s3))))
        (v128.store (i32.add (local.get $pOut) (i32.shl (local.get $v) (i32.const 2)))
          (f32x4.add (v128.load (i32.add (local.get $pB) (i32.shl (local.get $v) (i32.const 2))))
            (f32x4.add
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $t0) (local.get $t1))
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $t0) (local.get $t1)))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $quads)))
    ;; the last V % 4 rows
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_s (local.get $v) (local.get $V)))
        (local.set $r0 (i32.add (local.get $pE) (i32.mul (local.get $v) (local.get $rowB))))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (loop $dot1
          (local.set $s0 (f32x4.add (local.get $s0)
            (f32x4.mul (v128.load (i32.add (local.get $pH) (local.get $k))) (v128.load (i32.add (local.get $r0) (local.get $k))))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $dot1 (i32.lt_u (local.get $k) (local.get $rowB))))
        (f32.store (i32.add (local.get $pOut) (i32.shl (local.get $v) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $pB) (i32.shl (local.get $v) (i32.const 2))))
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
              (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0))))))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $rest))))

  ;; max over x[0..V)
  (func (export "maxOf") (param $pX i32) (param $V i32) (result f32)
    (local $v i32) (local $m f32)
    (local.set $m (f32.const -inf))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $v) (local.get $V)))
        (local.set $m (f32.max (local.get $m) (f32.load (i32.add (local.get $pX) (i32.shl (local.get $v) (i32.const 2))))))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $l)))
    (local.get $m))

  ;; e^x for x ≤ 0, four lanes: x = n·ln2 + r with |r| ≤ ln2/2, e^r by its degree-6 Taylor
  ;; polynomial (relative error < 2e-7), 2^n built in the exponent bits; x < −87 gives 0.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (f32x4.splat (f32.const -87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.4426950408889634)))))
    ;; r = x − n·ln2, ln2 in two parts so the product is exact
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693145751953125))))
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const 1.428606765330187e-6)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.0013888889)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.00019841270)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.008333334)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.041666668)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.16666667)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.5)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; x[v] ← e^(x[v] − max) in place (V padded to a multiple of 4: the pad lanes are
  ;; written too, and not summed); returns Σ over v < V in f64.
  (func (export "expSum") (param $pX i32) (param $V i32) (param $max f32) (result f64)
    (local $v i32) (local $e v128) (local $m v128) (local $s v128) (local $p i32)
    (local.set $m (f32x4.splat (local.get $max)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $v) (local.get $V)))
        (local.set $p (i32.add (local.get $pX) (i32.shl (local.get $v) (i32.const 2))))
        (local.set $e (call $exp4 (f32x4.sub (v128.load (local.get $p)) (local.get $m))))
        (v128.store (local.get $p) (local.get $e))
        ;; lanes past V are zeroed before summing
        (if (i32.lt_s (i32.sub (local.get $V) (local.get $v)) (i32.const 4))
          (then
            (local.set $e (v128.and (local.get $e)
              (i32x4.gt_s (i32x4.splat (i32.sub (local.get $V) (local.get $v))) (v128.const i32x4 0 1 2 3))))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.add (f64x2.promote_low_f32x4 (local.get $e))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $e) (local.get $e))))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $l)))
    (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))

  ;; For every row v, with g = e[v]·invSum − (v = target ? 1 : 0):
  ;;   dh += g·E_v (the row before its update);  E_v −= lr·g·h;  b_v −= lr·g.
  (func (export "update") (param $pE i32) (param $pB i32) (param $V i32) (param $D i32) (param $pP i32)
    (param $invSum f32) (param $target i32) (param $pH i32) (param $lr f32) (param $pDh i32)
    (local $v i32) (local $k i32) (local $rowB i32) (local $row i32) (local $g f32)
    (local $gs v128) (local $ls v128) (local $e v128) (local $p i32)
    (local.set $rowB (i32.shl (local.get $D) (i32.const 2)))
    (local.set $row (local.get $pE))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $v) (local.get $V)))
        (local.set $g (f32.mul (f32.load (i32.add (local.get $pP) (i32.shl (local.get $v) (i32.const 2)))) (local.get $invSum)))
        (if (i32.eq (local.get $v) (local.get $target)) (then (local.set $g (f32.sub (local.get $g) (f32.const 1)))))
        (local.set $p (i32.add (local.get $pB) (i32.shl (local.get $v) (i32.const 2))))
        (f32.store (local.get $p) (f32.sub (f32.load (local.get $p)) (f32.mul (local.get $lr) (local.get $g))))
        (local.set $gs (f32x4.splat (local.get $g)))
        (local.set $ls (f32x4.splat (f32.mul (local.get $lr) (local.get $g))))
        (local.set $k (i32.const 0))
        (loop $cols
          (local.set $e (v128.load (i32.add (local.get $row) (local.get $k))))
          (v128.store (i32.add (local.get $pDh) (local.get $k))
            (f32x4.add (v128.load (i32.add (local.get $pDh) (local.get $k))) (f32x4.mul (local.get $gs) (local.get $e))))
          (v128.store (i32.add (local.get $row) (local.get $k))
            (f32x4.sub (local.get $e) (f32x4.mul (local.get $ls) (v128.load (i32.add (local.get $pH) (local.get $k))))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $k) (local.get $rowB))))
        (local.set $row (i32.add (local.get $row) (local.get $rowB)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $rows))))
)
