# Richards: an operating-system task scheduler simulation (the classic OO benchmark), written small.
# An idle task releases two device tasks in turn; a worker sends work packets to two handlers,
# which pass them on to the devices. It prints how many packets were queued and tasks held.
IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1


class Packet:
    __slots__ = ("link", "ident", "kind", "datum", "data")

    def __init__(self, link, ident, kind):
        self.link, self.ident, self.kind, self.datum, self.data = link, ident, kind, 0, [0] * 4


def append(packet, queue):
    packet.link = None
    if queue is None:
        return packet
    last = queue
    while last.link is not None:
        last = last.link
    last.link = packet
    return queue


class Task:
    __slots__ = ("link", "ident", "priority", "input", "pending", "waiting", "holding", "body")

    def __init__(self, scheduler, ident, priority, queue, body, waiting):
        self.ident, self.priority, self.input, self.body = ident, priority, queue, body
        self.pending, self.waiting, self.holding = queue is not None, waiting, False
        self.link = scheduler.tasks
        scheduler.tasks = self
        scheduler.table[ident] = self

    def blocked(self):
        return self.holding or (self.waiting and not self.pending)

    def add(self, packet, current):
        if self.input is None:
            self.input = packet
            self.pending = True
            return self if self.priority > current.priority else current
        self.input = append(packet, self.input)
        return current


class Scheduler:
    def __init__(self):
        self.tasks, self.table, self.current = None, [None] * 6, None
        self.queued = self.held = 0

    def run(self):
        task = self.tasks
        while task is not None:
            if task.blocked():
                task = task.link
                continue
            self.current = task
            packet = None
            if task.waiting and task.pending:
                packet = task.input
                task.input = packet.link
                task.pending = task.input is not None
            task.waiting = False
            task = task.body(self, packet)

    def wait(self):
        self.current.waiting = True
        return self.current

    def hold(self):
        self.held += 1
        self.current.holding = True
        return self.current.link

    def release(self, ident):
        task = self.table[ident]
        task.holding = False
        return task if task.priority > self.current.priority else self.current

    def send(self, packet):
        target = self.table[packet.ident]
        self.queued += 1
        packet.link = None
        packet.ident = self.current.ident
        return target.add(packet, self.current)


def make_idle(count):
    state = {"seed": 1, "count": count}

    def idle(s, packet):
        state["count"] -= 1
        if state["count"] == 0:
            return s.hold()
        if state["seed"] & 1 == 0:
            state["seed"] >>= 1
            return s.release(DEVICE_A)
        state["seed"] = (state["seed"] >> 1) ^ 0xD008
        return s.release(DEVICE_B)

    return idle


def make_worker():
    state = {"dest": HANDLER_A, "count": 0}

    def worker(s, packet):
        if packet is None:
            return s.wait()
        state["dest"] = HANDLER_B if state["dest"] == HANDLER_A else HANDLER_A
        packet.ident = state["dest"]
        packet.datum = 0
        for i in range(4):
            state["count"] = state["count"] % 26 + 1
            packet.data[i] = state["count"]
        return s.send(packet)

    return worker


def make_handler():
    held = {"work": None, "device": None}

    def handler(s, packet):
        if packet is not None:
            key = "work" if packet.kind == KIND_WORK else "device"
            held[key] = append(packet, held[key])
        work = held["work"]
        if work is not None:
            if work.datum > 3:
                held["work"] = work.link
                return s.send(work)
            device = held["device"]
            if device is not None:
                held["device"] = device.link
                device.datum = work.data[work.datum]
                work.datum += 1
                return s.send(device)
        return s.wait()

    return handler


def make_device():
    held = [None]

    def device(s, packet):
        if packet is None:
            if held[0] is None:
                return s.wait()
            p, held[0] = held[0], None
            return s.send(p)
        held[0] = packet
        return s.hold()

    return device


s = Scheduler()
Task(s, IDLE, 0, None, make_idle(1000), waiting=False)
Task(s, WORKER, 1000, Packet(Packet(None, 0, KIND_WORK), 0, KIND_WORK), make_worker(), waiting=True)
for handler_id, device_id in ((HANDLER_A, DEVICE_A), (HANDLER_B, DEVICE_B)):
    queue = Packet(Packet(Packet(None, device_id, KIND_DEVICE), device_id, KIND_DEVICE), device_id, KIND_DEVICE)
    Task(s, handler_id, 2000 + 1000 * (handler_id - HANDLER_A), queue, make_handler(), waiting=True)
for device_id in (DEVICE_A, DEVICE_B):
    Task(s, device_id, 4000 + 1000 * (device_id - DEVICE_A), None, make_device(), waiting=True)
s.run()
print(f"queued {s.queued} held {s.held}")
