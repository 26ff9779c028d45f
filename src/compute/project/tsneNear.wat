;; tsneNear.wat: the near half of t-SNE's split repulsion (tsneNearField.ts), four
;; candidate pairs at a time in f32x4.
;;
;; The points are sorted by cell (cell side r_c/2, row-major cells); cellStart[c] is the
;; first sorted point of cell c. For every point a of a cell the forward half of the 5×5
;; stencil is three contiguous runs of sorted points: the rest of its own cell (b > a),
;; the next two cells to the right, and the five cells below-left to below-right in each
;; of the next two rows. Every b in a run is > a, so the four lanes never touch a.
;;
;; Per pair closer than r_c (u = 1 + r², e = exp(−u/σ²)):
;;   K_near = e/u,   w = e/u · (1/u + 1/σ²),   fx[a] += w·dx, fx[b] −= w·dx (and y).
;; exp is Cephes' expf (Cody–Waite reduction, degree-5 minimax, ~1e-7 relative):
;; the JS twin looks K and w up in a table (~1e-6), so the two agree to ~1e-6.
;; Lanes past the end of a run are masked to zero; their f[b] −= 0 stores land on
;; padding or on later points, harmlessly (nothing else runs on this memory meanwhile).
(module
  (import "env" "memory" (memory 1))

  ;; Forces on a from the run [b0, b1), into the accumulators; returns the run's Σ K_near.
  (func $run (param $pSx i32) (param $pSy i32) (param $pFx i32) (param $pFy i32)
    (param $xa v128) (param $ya v128) (param $b0 i32) (param $b1 i32)
    (param $rc2 v128) (param $inv2 v128) (param $gx v128) (param $gy v128)
    (result v128 v128 v128)
    (local $b i32) (local $o i32) (local $z v128)
    (local $dx v128) (local $dy v128) (local $r2 v128) (local $mask v128)
    (local $invU v128) (local $x v128) (local $k v128) (local $r v128) (local $p v128)
    (local $e v128) (local $w v128) (local $wx v128) (local $wy v128)
    (local.set $b (local.get $b0))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_s (local.get $b) (local.get $b1)))
        (local.set $o (i32.shl (local.get $b) (i32.const 2)))
        (local.set $dx (f32x4.sub (local.get $xa) (v128.load (i32.add (local.get $pSx) (local.get $o)))))
        (local.set $dy (f32x4.sub (local.get $ya) (v128.load (i32.add (local.get $pSy) (local.get $o)))))
        (local.set $r2 (f32x4.add (f32x4.mul (local.get $dx) (local.get $dx)) (f32x4.mul (local.get $dy) (local.get $dy))))
        ;; Inside the cutoff, and inside the run (lane index b + l < b1).
        (local.set $mask (v128.and
          (f32x4.lt (local.get $r2) (local.get $rc2))
          (i32x4.lt_s
            (i32x4.add (i32x4.splat (local.get $b)) (v128.const i32x4 0 1 2 3))
            (i32x4.splat (local.get $b1)))))
        (if (v128.any_true (local.get $mask))
          (then
            ;; u = 1 + r², 1/u, and x = −u/σ² for exp.
            (local.set $invU (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r2))))
            (local.set $x (f32x4.mul
              (f32x4.neg (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r2)))
              (local.get $inv2)))
            ;; exp(x) = 2^k · exp(r), k = round(x / ln 2), r = x − k·ln 2 in two parts.
            (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
            (local.set $r (f32x4.sub
              (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
              (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
            (local.set $p (f32x4.add (f32x4.mul (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $r))
              (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
            (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
            (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
            (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
            (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
            (local.set $p (f32x4.add
              (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
              (v128.const f32x4 1 1 1 1)))
            (local.set $e (f32x4.mul (local.get $p)
              (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
            ;; K_near = e/u and w = K_near·(1/u + 1/σ²), zero outside the mask.
            (local.set $k (v128.and (f32x4.mul (local.get $e) (local.get $invU)) (local.get $mask)))
            (local.set $w (f32x4.mul (local.get $k) (f32x4.add (local.get $invU) (local.get $inv2))))
            (local.set $z (f32x4.add (local.get $z) (local.get $k)))
            (local.set $wx (f32x4.mul (local.get $w) (local.get $dx)))
            (local.set $wy (f32x4.mul (local.get $w) (local.get $dy)))
            (local.set $gx (f32x4.add (local.get $gx) (local.get $wx)))
            (local.set $gy (f32x4.add (local.get $gy) (local.get $wy)))
            (v128.store (i32.add (local.get $pFx) (local.get $o))
              (f32x4.sub (v128.load (i32.add (local.get $pFx) (local.get $o))) (local.get $wx)))
            (v128.store (i32.add (local.get $pFy) (local.get $o))
              (f32x4.sub (v128.load (i32.add (local.get $pFy) (local.get $o))) (local.get $wy)))))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $quads)))
    (local.get $gx) (local.get $gy) (local.get $z))

  (func $hsum (param $s v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
      (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))

  ;; Cell rows [cy0, cy1): adds every near pair's force to fx, fy (sorted order) and
  ;; returns Σ K_near over those pairs, each counted once.
  (func (export "nearRows") (param $pSx i32) (param $pSy i32) (param $pFx i32) (param $pFy i32)
    (param $pCell i32) (param $nx i32) (param $ny i32) (param $cy0 i32) (param $cy1 i32)
    (param $rc2s f32) (param $inv2s f32) (result f64)
    (local $cy i32) (local $cx i32) (local $c i32) (local $a i32) (local $a1 i32) (local $right i32)
    (local $lo1 i32) (local $hi1 i32) (local $lo2 i32) (local $hi2 i32) (local $row i32)
    (local $xl i32) (local $xr i32) (local $oa i32)
    (local $rc2 v128) (local $inv2 v128) (local $xa v128) (local $ya v128)
    (local $gx v128) (local $gy v128) (local $z1 v128) (local $zc v128) (local $total f64)
    (local.set $rc2 (f32x4.splat (local.get $rc2s)))
    (local.set $inv2 (f32x4.splat (local.get $inv2s)))
    (local.set $cy (local.get $cy0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $cy) (local.get $cy1)))
        (local.set $cx (i32.const 0))
        (block $cellsDone
          (loop $cells
            (br_if $cellsDone (i32.ge_s (local.get $cx) (local.get $nx)))
            (local.set $c (i32.add (i32.mul (local.get $cy) (local.get $nx)) (local.get $cx)))
            (local.set $a (i32.load (i32.add (local.get $pCell) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $a1 (i32.load offset=4 (i32.add (local.get $pCell) (i32.shl (local.get $c) (i32.const 2)))))
            (if (i32.lt_s (local.get $a) (local.get $a1))
              (then
                ;; The runs: right = end of cell min(nx−1, cx+2) in this row; rows cy+1, cy+2
                ;; from cell max(0, cx−2) to min(nx−1, cx+2) (empty past the last row).
                (local.set $xl (select (i32.sub (local.get $cx) (i32.const 2)) (i32.const 0) (i32.ge_s (local.get $cx) (i32.const 2))))
                (local.set $xr (select (i32.add (local.get $cx) (i32.const 2)) (i32.sub (local.get $nx) (i32.const 1))
                  (i32.lt_s (i32.add (local.get $cx) (i32.const 2)) (local.get $nx))))
                (local.set $right (i32.load offset=4 (i32.add (local.get $pCell)
                  (i32.shl (i32.add (i32.mul (local.get $cy) (local.get $nx)) (local.get $xr)) (i32.const 2)))))
                (local.set $lo1 (i32.const 0)) (local.set $hi1 (i32.const 0))
                (local.set $lo2 (i32.const 0)) (local.set $hi2 (i32.const 0))
                (if (i32.lt_s (i32.add (local.get $cy) (i32.const 1)) (local.get $ny))
                  (then
                    (local.set $row (i32.mul (i32.add (local.get $cy) (i32.const 1)) (local.get $nx)))
                    (local.set $lo1 (i32.load (i32.add (local.get $pCell) (i32.shl (i32.add (local.get $row) (local.get $xl)) (i32.const 2)))))
                    (local.set $hi1 (i32.load offset=4 (i32.add (local.get $pCell) (i32.shl (i32.add (local.get $row) (local.get $xr)) (i32.const 2)))))))
                (if (i32.lt_s (i32.add (local.get $cy) (i32.const 2)) (local.get $ny))
                  (then
                    (local.set $row (i32.mul (i32.add (local.get $cy) (i32.const 2)) (local.get $nx)))
                    (local.set $lo2 (i32.load (i32.add (local.get $pCell) (i32.shl (i32.add (local.get $row) (local.get $xl)) (i32.const 2)))))
                    (local.set $hi2 (i32.load offset=4 (i32.add (local.get $pCell) (i32.shl (i32.add (local.get $row) (local.get $xr)) (i32.const 2)))))))
                (local.set $zc (v128.const f32x4 0 0 0 0))
                (block $pointsDone
                  (loop $points
                    (br_if $pointsDone (i32.ge_s (local.get $a) (local.get $a1)))
                    (local.set $oa (i32.shl (local.get $a) (i32.const 2)))
                    (local.set $xa (v128.load32_splat (i32.add (local.get $pSx) (local.get $oa))))
                    (local.set $ya (v128.load32_splat (i32.add (local.get $pSy) (local.get $oa))))
                    ;; The rest of the cell and the two cells to the right are one run.
                    (call $run (local.get $pSx) (local.get $pSy) (local.get $pFx) (local.get $pFy)
                      (local.get $xa) (local.get $ya) (i32.add (local.get $a) (i32.const 1)) (local.get $right)
                      (local.get $rc2) (local.get $inv2) (v128.const f32x4 0 0 0 0) (v128.const f32x4 0 0 0 0))
                    (local.set $z1) (local.set $gy) (local.set $gx)
                    (local.set $zc (f32x4.add (local.get $zc) (local.get $z1)))
                    (call $run (local.get $pSx) (local.get $pSy) (local.get $pFx) (local.get $pFy)
                      (local.get $xa) (local.get $ya) (local.get $lo1) (local.get $hi1)
                      (local.get $rc2) (local.get $inv2) (local.get $gx) (local.get $gy))
                    (local.set $z1) (local.set $gy) (local.set $gx)
                    (local.set $zc (f32x4.add (local.get $zc) (local.get $z1)))
                    (call $run (local.get $pSx) (local.get $pSy) (local.get $pFx) (local.get $pFy)
                      (local.get $xa) (local.get $ya) (local.get $lo2) (local.get $hi2)
                      (local.get $rc2) (local.get $inv2) (local.get $gx) (local.get $gy))
                    (local.set $z1) (local.set $gy) (local.set $gx)
                    (local.set $zc (f32x4.add (local.get $zc) (local.get $z1)))
                    (f32.store (i32.add (local.get $pFx) (local.get $oa))
                      (f32.add (f32.load (i32.add (local.get $pFx) (local.get $oa))) (call $hsum (local.get $gx))))
                    (f32.store (i32.add (local.get $pFy) (local.get $oa))
                      (f32.add (f32.load (i32.add (local.get $pFy) (local.get $oa))) (call $hsum (local.get $gy))))
                    (local.set $a (i32.add (local.get $a) (i32.const 1)))
                    (br $points)))
                ;; One cell's Σ K_near in f32 (a few hundred terms), the total in f64.
                (local.set $total (f64.add (local.get $total) (f64.promote_f32 (call $hsum (local.get $zc)))))))
            (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
            (br $cells)))
        (local.set $cy (i32.add (local.get $cy) (i32.const 1)))
        (br $rows)))
    (local.get $total))
)
