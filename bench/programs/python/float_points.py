# Float: make points, normalise them, fold them with max (object creation and attribute access).
from math import cos, sin, sqrt


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        norm = sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


points = [Point(i) for i in range(4000)]
for p in points:
    p.normalize()
best = points[0]
for p in points[1:]:
    best = best.maximize(p)
print(f"max point {best.x:.6f} {best.y:.6f} {best.z:.6f}")
