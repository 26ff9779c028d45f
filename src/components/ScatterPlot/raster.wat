;; raster.wat: the CPU raster's hot loop for dots that reach one pixel (the tiny dots of
;; 100k+ points), in 128-bit WebAssembly SIMD. raster.ts's drawSmall is the reference:
;; same points, same order, same integer blend, so the same pixels; rasterWasm.ts lays
;; out the memory and calls it.
;;
;; The module owns no state: pixels (packed RGBA, opaque), x/y pairs (f32) and packed
;; colours live in the imported memory at byte offsets the caller passes, and the pixel
;; buffer is followed by at least 16 bytes the caller owns (a row's 4-pixel load may
;; read one pixel past the last row; that pixel is written back unchanged).
;;
;; Why SIMD: a dot is a 3×3 block (centre, 4 edges, 4 corners). One 4-pixel load per
;; row covers a row of it: the 4 pixels widen to 16 u16 lanes, d·(256 − a) + c·a is two
;; i16x8 multiply-adds (c·a per colour is worked out once per colour run), >> 8, narrow,
;; store. The 4th pixel gets weight 0, so it is written back as it was. The blend is
;; exact per channel ((c·a + d·(256 − a)) >> 8 ≤ 255, the sums stay below 2^16), which is
;; what raster.ts's red-and-blue-in-one-multiply computes too. Without corners (their
;; cover under the minimum, as for the default 1M-point radius) the pixels above and
;; below share one 2-pixel vector instead of two rows.
(module
  (import "env" "memory" (memory 1))

  ;; One pixel: c over d with weight a in 0..256 (raster.ts blend).
  (func $blend (param $d i32) (param $c i32) (param $a i32) (result i32)
    (local $ia i32)
    (local.set $ia (i32.sub (i32.const 256) (local.get $a)))
    (i32.or
      (i32.const 0xff000000)
      (i32.or
        (i32.and
          (i32.shr_u
            (i32.add
              (i32.mul (i32.and (local.get $c) (i32.const 0xff00ff)) (local.get $a))
              (i32.mul (i32.and (local.get $d) (i32.const 0xff00ff)) (local.get $ia)))
            (i32.const 8))
          (i32.const 0xff00ff))
        (i32.and
          (i32.shr_u
            (i32.add
              (i32.mul (i32.and (local.get $c) (i32.const 0x00ff00)) (local.get $a))
              (i32.mul (i32.and (local.get $d) (i32.const 0x00ff00)) (local.get $ia)))
            (i32.const 8))
          (i32.const 0x00ff00)))))

  ;; A dot on the target's edge: its 3×3 pixels clipped one by one (raster.ts stampClipped).
  (func $clipped (param $pix i32) (param $width i32) (param $height i32) (param $px i32) (param $py i32)
                 (param $c i32) (param $pa i32) (param $cC i32) (param $cE i32) (param $cK i32)
    (local $dx i32) (local $dy i32) (local $x i32) (local $y i32) (local $cover i32) (local $o i32)
    (local.set $dy (i32.const -1))
    (loop $rows
      (local.set $dx (i32.const -1))
      (loop $cols
        (local.set $x (i32.add (local.get $px) (local.get $dx)))
        (local.set $y (i32.add (local.get $py) (local.get $dy)))
        (local.set $cover
          (if (result i32) (i32.and (i32.eqz (local.get $dx)) (i32.eqz (local.get $dy)))
            (then (local.get $cC))
            (else (if (result i32) (i32.or (i32.eqz (local.get $dx)) (i32.eqz (local.get $dy)))
              (then (local.get $cE))
              (else (local.get $cK))))))
        ;; Unsigned compares: a negative x or y is out too.
        (if (i32.and (i32.gt_s (local.get $cover) (i32.const 0))
              (i32.and (i32.lt_u (local.get $x) (local.get $width)) (i32.lt_u (local.get $y) (local.get $height))))
          (then
            (local.set $o (i32.add (local.get $pix)
              (i32.shl (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x)) (i32.const 2))))
            (i32.store (local.get $o)
              (call $blend (i32.load (local.get $o)) (local.get $c)
                (i32.shr_s (i32.mul (local.get $pa) (local.get $cover)) (i32.const 8))))))
        (local.set $dx (i32.add (local.get $dx) (i32.const 1)))
        (br_if $cols (i32.le_s (local.get $dx) (i32.const 1))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 1)))
      (br_if $rows (i32.le_s (local.get $dy) (i32.const 1)))))

  ;; 4 pixels at byte address $p: each channel (c·a + d·ia) >> 8, alpha bytes set by $mask.
  (func $row4 (param $p i32) (param $caLo v128) (param $iaLo v128) (param $caHi v128) (param $iaHi v128) (param $mask v128)
    (local $d v128)
    (local.set $d (v128.load align=1 (local.get $p)))
    (v128.store align=1 (local.get $p)
      (v128.or
        (i8x16.narrow_i16x8_u
          (i16x8.shr_u (i16x8.add (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $d)) (local.get $iaLo)) (local.get $caLo)) (i32.const 8))
          (i16x8.shr_u (i16x8.add (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $d)) (local.get $iaHi)) (local.get $caHi)) (i32.const 8)))
        (local.get $mask))))

  ;; Points [start, stop) of x/y pairs at $coords and colours at $colors through the view
  ;; (device px), at $alpha (0..256) times each colour's alpha, with covers $cC (centre),
  ;; $cE (edges), $cK (corners) out of 256. Returns how many points were drawn.
  (func (export "drawSmall")
    (param $pix i32) (param $width i32) (param $height i32) (param $coords i32) (param $colors i32)
    (param $start i32) (param $stop i32)
    (param $sx f64) (param $ox f64) (param $sy f64) (param $oy f64)
    (param $alpha i32) (param $cC i32) (param $cE i32) (param $cK i32)
    (result i32)
    (local $i i32) (local $drawn i32) (local $c i32) (local $pa i32)
    (local $aC i32) (local $aE i32) (local $aK i32)
    (local $fx f64) (local $fy f64) (local $w f64) (local $h f64) (local $w1 f64) (local $h1 f64)
    (local $o i32) (local $row i32)
    (local $lastA i32) (local $cv v128) (local $gE i64) (local $gC i64) (local $gK i64)
    (local $wMidLo v128) (local $wMidHi v128) (local $wTopLo v128) (local $wTopHi v128) (local $wV v128)
    (local $caMidLo v128) (local $iaMidLo v128) (local $caMidHi v128) (local $iaMidHi v128)
    (local $caTopLo v128) (local $iaTopLo v128) (local $caTopHi v128) (local $iaTopHi v128)
    (local $caV v128) (local $iaV v128) (local $v v128)
    (local.set $w (f64.convert_i32_s (local.get $width)))
    (local.set $h (f64.convert_i32_s (local.get $height)))
    (local.set $w1 (f64.sub (local.get $w) (f64.const 1)))
    (local.set $h1 (f64.sub (local.get $h) (f64.const 1)))
    (local.set $row (i32.shl (local.get $width) (i32.const 2)))
    (local.set $lastA (i32.const -1))
    (local.set $i (local.get $start))
    (block $done
      (loop $points
        (br_if $done (i32.ge_s (local.get $i) (local.get $stop)))
        (local.set $fx (f64.add (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $coords) (i32.shl (local.get $i) (i32.const 3))))) (local.get $sx)) (local.get $ox)))
        (local.set $fy (f64.add (f64.mul (f64.promote_f32 (f32.load offset=4 (i32.add (local.get $coords) (i32.shl (local.get $i) (i32.const 3))))) (local.get $sy)) (local.get $oy)))
        ;; Wholly inside (NaN fails every compare): the vector path. (Truncating first and
        ;; comparing integers, one unsigned compare per axis, measured slower in V8.)
        (if (i32.and (i32.and (f64.ge (local.get $fx) (f64.const 1)) (f64.lt (local.get $fx) (local.get $w1)))
                     (i32.and (f64.ge (local.get $fy) (f64.const 1)) (f64.lt (local.get $fy) (local.get $h1))))
          (then
            (local.set $c (i32.load (i32.add (local.get $colors) (i32.shl (local.get $i) (i32.const 2)))))
            ;; The weights depend on the colour's alpha only (one for most layouts); the
            ;; colour products are redone for every dot: neighbours in draw order change
            ;; colour unpredictably (4 in 10 here), and a mispredicted branch costs more.
            (if (i32.ne (i32.shr_u (local.get $c) (i32.const 24)) (local.get $lastA))
              (then
                (local.set $lastA (i32.shr_u (local.get $c) (i32.const 24)))
                ;; pa = alpha · weight(c) >> 8, weight = a + (a >> 7) for the alpha byte a.
                (local.set $pa (i32.shr_s (i32.mul (local.get $alpha)
                  (i32.add (local.get $lastA) (i32.shr_u (local.get $lastA) (i32.const 7)))) (i32.const 8)))
                (local.set $aC (i32.shr_s (i32.mul (local.get $pa) (local.get $cC)) (i32.const 8)))
                (local.set $aE (i32.shr_s (i32.mul (local.get $pa) (local.get $cE)) (i32.const 8)))
                (local.set $aK (i32.shr_s (i32.mul (local.get $pa) (local.get $cK)) (i32.const 8)))
                ;; One weight per pixel: 4 equal u16 lanes, i.e. one i64 lane.
                (local.set $gE (i64.mul (i64.extend_i32_u (local.get $aE)) (i64.const 0x0001000100010001)))
                (local.set $gC (i64.mul (i64.extend_i32_u (local.get $aC)) (i64.const 0x0001000100010001)))
                (local.set $gK (i64.mul (i64.extend_i32_u (local.get $aK)) (i64.const 0x0001000100010001)))
                ;; Middle row: pixels x−1, x | x+1, x+2 weigh aE, aC | aE, 0.
                (local.set $wMidLo (i64x2.replace_lane 1 (i64x2.splat (local.get $gE)) (local.get $gC)))
                (local.set $wMidHi (i64x2.replace_lane 1 (i64x2.splat (local.get $gE)) (i64.const 0)))
                ;; Rows above and below: aK, aE | aK, 0.
                (local.set $wTopLo (i64x2.replace_lane 1 (i64x2.splat (local.get $gK)) (local.get $gE)))
                (local.set $wTopHi (i64x2.replace_lane 1 (i64x2.splat (local.get $gK)) (i64.const 0)))
                ;; Just the pixels above and below (no corners): aE, aE.
                (local.set $wV (i64x2.splat (local.get $gE)))
                (local.set $iaMidLo (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wMidLo)))
                (local.set $iaMidHi (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wMidHi)))
                (local.set $iaTopLo (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wTopLo)))
                (local.set $iaTopHi (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wTopHi)))
                (local.set $iaV (i16x8.sub (i16x8.splat (i32.const 256)) (local.get $wV)))))
            ;; The colour's 4 channels twice, as u16 lanes, times each pixel's weight.
            (local.set $cv (i16x8.extend_low_i8x16_u (i32x4.splat (local.get $c))))
            (local.set $caMidLo (i16x8.mul (local.get $cv) (local.get $wMidLo)))
            (local.set $caMidHi (i16x8.mul (local.get $cv) (local.get $wMidHi)))
            (local.set $caV (i16x8.mul (local.get $cv) (local.get $wV)))
            (if (i32.gt_s (local.get $aK) (i32.const 0))
              (then
                (local.set $caTopLo (i16x8.mul (local.get $cv) (local.get $wTopLo)))
                (local.set $caTopHi (i16x8.mul (local.get $cv) (local.get $wTopHi)))))
            (if (i32.gt_s (local.get $aC) (i32.const 0))
              (then
                (local.set $drawn (i32.add (local.get $drawn) (i32.const 1)))
                ;; Byte address of the pixel left of the centre.
                (local.set $o (i32.add (local.get $pix)
                  (i32.shl
                    (i32.add (i32.mul (i32.trunc_f64_s (local.get $fy)) (local.get $width)) (i32.trunc_f64_s (local.get $fx)))
                    (i32.const 2))))
                (local.set $o (i32.sub (local.get $o) (i32.const 4)))
                (call $row4 (local.get $o) (local.get $caMidLo) (local.get $iaMidLo) (local.get $caMidHi) (local.get $iaMidHi)
                  (v128.const i32x4 0xff000000 0xff000000 0xff000000 0))
                (if (i32.gt_s (local.get $aK) (i32.const 0))
                  (then
                    (call $row4 (i32.sub (local.get $o) (local.get $row)) (local.get $caTopLo) (local.get $iaTopLo) (local.get $caTopHi) (local.get $iaTopHi)
                      (v128.const i32x4 0xff000000 0xff000000 0xff000000 0))
                    (call $row4 (i32.add (local.get $o) (local.get $row)) (local.get $caTopLo) (local.get $iaTopLo) (local.get $caTopHi) (local.get $iaTopHi)
                      (v128.const i32x4 0xff000000 0xff000000 0xff000000 0)))
                  (else
                    ;; The centre column's pixels above and below, in one vector.
                    (local.set $o (i32.add (local.get $o) (i32.const 4)))
                    (local.set $v (v128.load32_zero align=1 (i32.sub (local.get $o) (local.get $row))))
                    (local.set $v (v128.load32_lane align=1 1 (i32.add (local.get $o) (local.get $row)) (local.get $v)))
                    (local.set $v
                      (v128.or
                        (i8x16.narrow_i16x8_u
                          (i16x8.shr_u (i16x8.add (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $v)) (local.get $iaV)) (local.get $caV)) (i32.const 8))
                          (i16x8.splat (i32.const 0)))
                        (v128.const i32x4 0xff000000 0xff000000 0 0)))
                    (v128.store32_lane align=1 0 (i32.sub (local.get $o) (local.get $row)) (local.get $v))
                    (v128.store32_lane align=1 1 (i32.add (local.get $o) (local.get $row)) (local.get $v)))))))
          (else
            ;; On the edge: clipped pixel by pixel; off the target (or not finite): skipped.
            (if (i32.and (i32.and (f64.ge (local.get $fx) (f64.const 0)) (f64.lt (local.get $fx) (local.get $w)))
                         (i32.and (f64.ge (local.get $fy) (f64.const 0)) (f64.lt (local.get $fy) (local.get $h))))
              (then
                (local.set $c (i32.load (i32.add (local.get $colors) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $pa (i32.shr_u (local.get $c) (i32.const 24)))
                (local.set $pa (i32.shr_s (i32.mul (local.get $alpha)
                  (i32.add (local.get $pa) (i32.shr_u (local.get $pa) (i32.const 7)))) (i32.const 8)))
                (if (i32.gt_s (i32.shr_s (i32.mul (local.get $pa) (local.get $cC)) (i32.const 8)) (i32.const 0))
                  (then
                    (local.set $drawn (i32.add (local.get $drawn) (i32.const 1)))
                    (call $clipped (local.get $pix) (local.get $width) (local.get $height)
                      (i32.trunc_f64_s (local.get $fx)) (i32.trunc_f64_s (local.get $fy))
                      (local.get $c) (local.get $pa) (local.get $cC) (local.get $cE) (local.get $cK))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $points)))
    (local.get $drawn)))
