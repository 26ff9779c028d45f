;; tsneAttract.wat: t-SNE's attractive forces over the upper triangle of the sparse P,
;; tsneForces.ts `attractiveForces` operation for operation in f64 (so the same bits):
;; for each stored pair (i, j, p), q = 1/(1 + |yi − yj|²), and ±scale·p·q·(yi − yj)
;; goes to both ends. Scalar code: each pair reads one random point, nothing to
;; vectorise; WebAssembly saves V8's bounds checks on five arrays per pair.
(module
  (import "env" "memory" (memory 1))
  (func (export "attract") (param $pRowPtr i32) (param $pCols i32) (param $pVals i32) (param $pY i32) (param $pOut i32)
    (param $scale f64) (param $from i32) (param $to i32)
    (local $i i32) (local $e i32) (local $e1 i32) (local $pj i32) (local $po i32)
    (local $xi f64) (local $yi f64) (local $fx f64) (local $fy f64) (local $dx f64) (local $dy f64)
    (local $pq f64) (local $gx f64) (local $gy f64)
    (local.set $i (local.get $from))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $to)))
        (local.set $xi (f64.load (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $yi (f64.load offset=8 (i32.add (local.get $pY) (i32.shl (local.get $i) (i32.const 4)))))
        (local.set $fx (f64.const 0))
        (local.set $fy (f64.const 0))
        (local.set $e (i32.load (i32.add (local.get $pRowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $e1 (i32.load offset=4 (i32.add (local.get $pRowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (block $edgesDone
          (loop $edges
            (br_if $edgesDone (i32.ge_s (local.get $e) (local.get $e1)))
            (local.set $pj (i32.shl (i32.load (i32.add (local.get $pCols) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 4)))
            (local.set $dx (f64.sub (local.get $xi) (f64.load (i32.add (local.get $pY) (local.get $pj)))))
            (local.set $dy (f64.sub (local.get $yi) (f64.load offset=8 (i32.add (local.get $pY) (local.get $pj)))))
            (local.set $pq (f64.div
              (f64.mul (local.get $scale) (f64.load (i32.add (local.get $pVals) (i32.shl (local.get $e) (i32.const 3)))))
              (f64.add (f64.add (f64.const 1) (f64.mul (local.get $dx) (local.get $dx))) (f64.mul (local.get $dy) (local.get $dy)))))
            (local.set $gx (f64.mul (local.get $pq) (local.get $dx)))
            (local.set $gy (f64.mul (local.get $pq) (local.get $dy)))
            (local.set $fx (f64.add (local.get $fx) (local.get $gx)))
            (local.set $fy (f64.add (local.get $fy) (local.get $gy)))
            (local.set $po (i32.add (local.get $pOut) (local.get $pj)))
            (f64.store (local.get $po) (f64.sub (f64.load (local.get $po)) (local.get $gx)))
            (f64.store offset=8 (local.get $po) (f64.sub (f64.load offset=8 (local.get $po)) (local.get $gy)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $edges)))
        (local.set $po (i32.add (local.get $pOut) (i32.shl (local.get $i) (i32.const 4))))
        (f64.store (local.get $po) (f64.add (f64.load (local.get $po)) (local.get $fx)))
        (f64.store offset=8 (local.get $po) (f64.add (f64.load offset=8 (local.get $po)) (local.get $fy)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))
)
