;; umapSgd.wat: one slice of one UMAP epoch (rows r0 ≤ i < r1), the loop of umap.ts
;; `sgdRowsJs` operation for operation: positions and gradients in f64 exactly as the JS
;; numbers are, f32 only where the JS stores into a Float32Array, the same xorshift32
;; stream, the same table keys. So it gives bit-identical layouts to the JS loop (a
;; unit test holds it to that) while skipping what V8 pays per step: bounds checks on
;; nine typed arrays, and reading a float's bits through a Float32Array/Int32Array pair
;; (a store and a reload) where WebAssembly has one reinterpret instruction.
;; A point's (x, y) is one f64x2 (one 64-bit load of the f32 pair, promoted): the
;; differences, products, clipping (pmin/pmax: `b < a ? b : a`, the JS comparisons
;; exactly, NaN included, and branch-free) and updates of both axes are one instruction
;; each; d² adds the two lanes as the JS adds dx² + dy². Same bits as the scalar f64
;; code, ~10–15 % less SGD time (GloVe 10k). Engines without SIMD run the JS twin.
;;
;; Memory (imported): every array at the byte offset passed in. Outside the coefficient
;; tables' range (d² < 2^-12 or ≥ 2^14) the exact formulas come from JS imports.
(module
  (import "env" "memory" (memory 1))
  (import "env" "attract" (func $attractExact (param f64) (result f64)))
  (import "env" "repel" (func $repelExact (param f64) (result f64)))

  ;; Written out in the loop rather than called (V8 does not inline here; the calls
  ;; cost a third of the time): the table key of d² is the exponent and 8 mantissa bits
  ;; of its f32 value, (bits >> 15) − (127 − 12)·256, inside the table when < 26·256.
  (func (export "sgdRows")
    (param $pY i32) (param $pRowPtr i32) (param $pCols i32) (param $pEps i32) (param $pNext i32)
    (param $pEpn i32) (param $pNextNeg i32) (param $pAttract i32) (param $pRepel i32)
    (param $n i32) (param $r0 i32) (param $r1 i32) (param $epoch f64) (param $alpha f64) (param $rs i32)
    (result i32)
    (local $i i32) (local $e i32) (local $e1 i32) (local $t i32) (local $j2 i32)
    (local $key i32) (local $nNeg i32) (local $p i32) (local $kk i32)
    (local $done i32) (local $w i32) (local $wEnd i32) (local $bits i64)
    (local $d2 f64) (local $c f64) (local $n64 i64)
    (local $h v128) (local $hb v128) (local $hn v128) (local $d v128) (local $m v128) (local $g v128) (local $s v128)
    (local $va v128) (local $ep v128)
    (local.set $n64 (i64.extend_i32_u (local.get $n)))
    (local.set $va (f64x2.splat (local.get $alpha)))
    ;; epoch is a whole number, exact in f32: nextSample ≤ epoch compares the same in f32
    (local.set $ep (f32x4.splat (f32.demote_f64 (local.get $epoch))))
    (local.set $i (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $r1)))
        (block $nextRow
          (local.set $e (i32.load (i32.add (local.get $pRowPtr) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $e1 (i32.load offset=4 (i32.add (local.get $pRowPtr) (i32.shl (local.get $i) (i32.const 2)))))
          ;; The row's due edges (nextSample ≤ epoch) as bits of a 64-bit mask, four
          ;; compares per instruction, then visited lowest first as the JS visits them:
          ;; two unpredictable branches per row instead of one per edge. Rows longer than
          ;; 64 edges take several windows; the head is read when the first edge is due.
          (local.set $done (i32.const 0))
          (local.set $w (local.get $e))
          (block $windowsDone
            (loop $windows
              (br_if $windowsDone (i32.ge_s (local.get $w) (local.get $e1)))
              (local.set $wEnd (select (local.get $e1) (i32.add (local.get $w) (i32.const 64))
                (i32.lt_s (i32.sub (local.get $e1) (local.get $w)) (i32.const 64))))
              (local.set $bits (i64.const 0))
              (local.set $t (local.get $w))
              (block $maskDone
                (loop $mask
                  (br_if $maskDone (i32.ge_s (local.get $t) (local.get $wEnd)))
                  (local.set $bits (i64.or (local.get $bits)
                    (i64.shl
                      (i64.extend_i32_u (i32x4.bitmask (f32x4.le (v128.load (i32.add (local.get $pNext) (i32.shl (local.get $t) (i32.const 2)))) (local.get $ep))))
                      (i64.extend_i32_u (i32.sub (local.get $t) (local.get $w))))))
                  (local.set $t (i32.add (local.get $t) (i32.const 4)))
                  (br $mask)))
              ;; drop the last load's lanes past the window (the arrays after nextSample are readable)
              (if (i32.lt_s (i32.sub (local.get $wEnd) (local.get $w)) (i32.const 64))
                (then (local.set $bits (i64.and (local.get $bits)
                  (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $wEnd) (local.get $w)))) (i64.const 1))))))
              (block $edgesDone
                (loop $edges
                  (br_if $edgesDone (i64.eqz (local.get $bits)))
                  (local.set $e (i32.add (local.get $w) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                  (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                  (if (i32.eqz (local.get $done))
                    (then
                      (local.set $h (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 3))))))))
                  ;; gradients are taken at $hb (the JS's hx, hy): the head before the row's
                  ;; current pair of due edges, so two edges' work can overlap
                  (if (i32.eqz (i32.and (local.get $done) (i32.const 1)))
                    (then (local.set $hb (local.get $h))))
                  (local.set $done (i32.add (local.get $done) (i32.const 1)))
                  ;; attraction along the edge; both ends move
                  (local.set $j2 (i32.add (local.get $pY) (i32.shl (i32.load (i32.add (local.get $pCols) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 3))))
                  (local.set $d (f64x2.sub (local.get $hb) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $j2)))))
                  (local.set $m (f64x2.mul (local.get $d) (local.get $d)))
                  (local.set $d2 (f64.add (f64x2.extract_lane 0 (local.get $m)) (f64x2.extract_lane 1 (local.get $m))))
                  (local.set $hn (local.get $h))
                  (if (f64.gt (local.get $d2) (f64.const 0))
                    (then
                      (local.set $key (i32.sub (i32.shr_s (i32.reinterpret_f32 (f32.demote_f64 (local.get $d2))) (i32.const 15)) (i32.const 29440)))
                      (local.set $c
                        (if (result f64) (i32.lt_u (local.get $key) (i32.const 6656))
                          (then (f64.promote_f32 (f32.load (i32.add (local.get $pAttract) (i32.shl (local.get $key) (i32.const 2))))))
                          (else (call $attractExact (local.get $d2)))))
                      (local.set $g (f64x2.mul
                        (f64x2.pmax (f64x2.pmin (f64x2.mul (f64x2.splat (local.get $c)) (local.get $d)) (v128.const f64x2 4 4)) (v128.const f64x2 -4 -4))
                        (local.get $va)))
                      (local.set $hn (f64x2.add (local.get $h) (local.get $g)))
                      (v128.store64_lane 0 (local.get $j2)
                        (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $j2))) (local.get $g))))))
                  (local.set $p (i32.add (local.get $pNext) (i32.shl (local.get $e) (i32.const 2))))
                  (f32.store (local.get $p)
                    (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p)))
                      (f64.promote_f32 (f32.load (i32.add (local.get $pEps) (i32.shl (local.get $e) (i32.const 2))))))))
                  ;; negative samples, their gradients at $hb too, summed
                  (local.set $nNeg (i32.trunc_sat_f64_s (f64.floor (f64.div
                    (f64.sub (local.get $epoch) (f64.promote_f32 (f32.load (i32.add (local.get $pNextNeg) (i32.shl (local.get $e) (i32.const 2))))))
                    (f64.promote_f32 (f32.load (i32.add (local.get $pEpn) (i32.shl (local.get $e) (i32.const 2)))))))))
                  (local.set $s (v128.const f64x2 0 0))
                  (local.set $t (i32.const 0))
                  (block $negDone
                    (loop $neg
                      (br_if $negDone (i32.ge_s (local.get $t) (local.get $nNeg)))
                      (local.set $t (i32.add (local.get $t) (i32.const 1)))
                      (local.set $rs (i32.xor (local.get $rs) (i32.shl (local.get $rs) (i32.const 13))))
                      (local.set $rs (i32.xor (local.get $rs) (i32.shr_u (local.get $rs) (i32.const 17))))
                      (local.set $rs (i32.xor (local.get $rs) (i32.shl (local.get $rs) (i32.const 5))))
                      ;; the sample floor(rs·n / 2^32), exactly: one 64-bit multiply, no float round trip
                      (local.set $kk (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u (local.get $rs)) (local.get $n64)) (i64.const 32))))
                      (br_if $neg (i32.eq (local.get $kk) (local.get $i)))
                      (local.set $d (f64x2.sub (local.get $hb)
                        (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $pY) (i32.shl (local.get $kk) (i32.const 3)))))))
                      (local.set $m (f64x2.mul (local.get $d) (local.get $d)))
                      (local.set $d2 (f64.add (f64x2.extract_lane 0 (local.get $m)) (f64x2.extract_lane 1 (local.get $m))))
                      (br_if $neg (i32.eqz (f64.gt (local.get $d2) (f64.const 0))))
                      (local.set $key (i32.sub (i32.shr_s (i32.reinterpret_f32 (f32.demote_f64 (local.get $d2))) (i32.const 15)) (i32.const 29440)))
                      (local.set $c
                        (if (result f64) (i32.lt_u (local.get $key) (i32.const 6656))
                          (then (f64.promote_f32 (f32.load (i32.add (local.get $pRepel) (i32.shl (local.get $key) (i32.const 2))))))
                          (else (call $repelExact (local.get $d2)))))
                      (local.set $s (f64x2.add (local.get $s)
                        (f64x2.pmax (f64x2.pmin (f64x2.mul (f64x2.splat (local.get $c)) (local.get $d)) (v128.const f64x2 4 4)) (v128.const f64x2 -4 -4))))
                      (br $neg)))
                  (local.set $h (f64x2.add (local.get $hn) (f64x2.mul (local.get $s) (local.get $va))))
                  (if (i32.gt_s (local.get $nNeg) (i32.const 0))
                    (then
                      (local.set $p (i32.add (local.get $pNextNeg) (i32.shl (local.get $e) (i32.const 2))))
                      (f32.store (local.get $p)
                        (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p)))
                          (f64.mul (f64.convert_i32_s (local.get $nNeg))
                            (f64.promote_f32 (f32.load (i32.add (local.get $pEpn) (i32.shl (local.get $e) (i32.const 2)))))))))))
                  (br $edges)))
              (local.set $w (local.get $wEnd))
              (br $windows)))
          (br_if $nextRow (i32.eqz (local.get $done)))
          (v128.store64_lane 0 (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 3))) (f32x4.demote_f64x2_zero (local.get $h))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $rs))
)
