package terraform

import (
	"runtime"
	"sync"
)

// pool runs tasks on background goroutines. A goroutine that needs a task's result waits for it with
// wait, which runs the task itself when no worker has started it: waiting never depends on a free
// worker, so tasks may wait for tasks they submitted without deadlock. With GOMAXPROCS 1 there are no
// workers and submit runs the task at once, on the caller's goroutine.
type pool struct {
	workers int

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []*task
	running int // workers started
	pending int // tasks submitted and not finished
	closed  bool
	wg      sync.WaitGroup
}

type task struct {
	run   func()
	state int // taskQueued, taskStarted, taskDone; guarded by pool.mu
	done  chan struct{}
}

const (
	taskQueued = iota
	taskStarted
	taskDone
)

// sequential disables the workers of new pools: tests compare concurrent loads with sequential ones.
var sequential bool

func newPool() *pool {
	p := &pool{}
	p.cond = sync.NewCond(&p.mu)
	if n := runtime.GOMAXPROCS(0); n > 1 && !sequential {
		p.workers = n
	}
	return p
}

// submit queues run and returns its task. Without workers, run runs now.
func (p *pool) submit(run func()) *task {
	t := &task{run: run, done: make(chan struct{})}
	if p.workers == 0 {
		t.state = taskStarted
		p.finish(t)
		return t
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		t.state = taskStarted
		p.finish(t)
		return t
	}
	p.queue = append(p.queue, t)
	p.pending++
	if p.running < p.workers {
		p.running++
		p.wg.Add(1)
		go p.work()
	}
	p.cond.Signal()
	p.mu.Unlock()
	return t
}

// finish runs t, which the caller has marked started, and marks it done.
func (p *pool) finish(t *task) {
	t.run()
	p.mu.Lock()
	t.state = taskDone
	t.run = nil
	if p.workers > 0 {
		p.pending--
		if p.pending == 0 {
			p.cond.Broadcast()
		}
	}
	p.mu.Unlock()
	close(t.done)
}

func (p *pool) work() {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		for len(p.queue) == 0 && !p.closed {
			p.cond.Wait()
		}
		if p.closed && len(p.queue) == 0 {
			p.mu.Unlock()
			return
		}
		t := p.pop()
		p.mu.Unlock()
		if t != nil {
			p.finish(t)
		}
	}
}

// pop takes the first task still queued, marking it started; p.mu is held.
func (p *pool) pop() *task {
	for len(p.queue) > 0 {
		t := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		if t.state == taskQueued {
			t.state = taskStarted
			return t
		}
	}
	return nil
}

// wait returns when t has run: at once if it has, after running it here if no worker has started it.
func (p *pool) wait(t *task) {
	p.mu.Lock()
	if t.state == taskQueued {
		t.state = taskStarted
		p.mu.Unlock()
		p.finish(t)
		return
	}
	p.mu.Unlock()
	<-t.done
}

// drain runs queued tasks on the caller's goroutine and returns when every submitted task has finished,
// including those submitted meanwhile.
func (p *pool) drain() {
	if p.workers == 0 {
		return
	}
	p.mu.Lock()
	for p.pending > 0 {
		if t := p.pop(); t != nil {
			p.mu.Unlock()
			p.finish(t)
			p.mu.Lock()
			continue
		}
		p.cond.Wait()
	}
	p.mu.Unlock()
}

// close stops the workers once the queue is empty and waits for them. Tasks still queued are run.
func (p *pool) close() {
	p.drain()
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
}
