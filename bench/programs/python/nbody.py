# N-body: the five Jovian planets, advanced with symplectic Euler steps (float arithmetic in loops).
import math

PI = math.pi
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24

BODIES = {
    "sun": ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], SOLAR_MASS),
    "jupiter": ([4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01],
                [1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
                 -6.90460016972063023e-05 * DAYS_PER_YEAR], 9.54791938424326609e-04 * SOLAR_MASS),
    "saturn": ([8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01],
               [-2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
                2.30417297573763929e-05 * DAYS_PER_YEAR], 2.85885980666130812e-04 * SOLAR_MASS),
    "uranus": ([1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01],
               [2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
                -2.96589568540237556e-05 * DAYS_PER_YEAR], 4.36624404335156298e-05 * SOLAR_MASS),
    "neptune": ([1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01],
                [2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
                 -9.51592254519715870e-05 * DAYS_PER_YEAR], 5.15138902046611451e-05 * SOLAR_MASS),
}


def pairs(items):
    return [(items[i], items[j]) for i in range(len(items) - 1) for j in range(i + 1, len(items))]


def energy(bodies, body_pairs):
    e = 0.0
    for ((x1, y1, z1), v1, m1), ((x2, y2, z2), v2, m2) in body_pairs:
        e -= (m1 * m2) / math.sqrt((x1 - x2) ** 2 + (y1 - y2) ** 2 + (z1 - z2) ** 2)
    for r, (vx, vy, vz), m in bodies:
        e += m * (vx * vx + vy * vy + vz * vz) / 2.0
    return e


def advance(dt, steps, bodies, body_pairs):
    for _ in range(steps):
        for ([x1, y1, z1], v1, m1, [x2, y2, z2], v2, m2) in ((a[0], a[1], a[2], b[0], b[1], b[2]) for a, b in body_pairs):
            dx, dy, dz = x1 - x2, y1 - y2, z1 - z2
            mag = dt * ((dx * dx + dy * dy + dz * dz) ** -1.5)
            b1m, b2m = m1 * mag, m2 * mag
            v1[0] -= dx * b2m
            v1[1] -= dy * b2m
            v1[2] -= dz * b2m
            v2[0] += dx * b1m
            v2[1] += dy * b1m
            v2[2] += dz * b1m
        for r, (vx, vy, vz), m in bodies:
            r[0] += dt * vx
            r[1] += dt * vy
            r[2] += dt * vz


bodies = [(list(r), list(v), m) for r, v, m in BODIES.values()]
body_pairs = pairs(bodies)
px = sum(v[0] * m for _, v, m in bodies)
py = sum(v[1] * m for _, v, m in bodies)
pz = sum(v[2] * m for _, v, m in bodies)
bodies[0][1][:] = [-px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS]
before = energy(bodies, body_pairs)
advance(0.01, 400, bodies, body_pairs)
print(f"energy {before:.9f} -> {energy(bodies, body_pairs):.9f}")
