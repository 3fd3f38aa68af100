package plan

import (
	"runtime"
	"sync"
)

// task is the work on one value the stream read: work runs on a worker, in any order with the others;
// take runs on the stream's goroutine, in document order, once work (and every earlier take) is done,
// and is the only step that may touch what the stream shares (its modules, maps, result slices).
type task interface {
	work(d *numberDecoder) error
	take() error
}

// batch is the unit handed to a worker: one task each would cost a channel exchange per resource.
type batch struct {
	tasks []task
	raw   int // bytes of raw JSON the tasks hold, to bound the memory in flight
	// err is the first work error, at tasks[errAt]: the tasks before it are still taken, in order.
	err   error
	errAt int
	done  chan struct{}
}

func (b *batch) run(d *numberDecoder) {
	for i, t := range b.tasks {
		if err := t.work(d); err != nil {
			b.err, b.errAt = err, i
			return
		}
	}
}

// Batches are cut at batchTasks tasks or batchBytes of raw JSON; at most inFlight batches per worker
// wait for their take, so the stream holds a few MB of its document at a time whatever the plan's size.
const (
	batchTasks = 64
	batchBytes = 128 << 10
	inFlight   = 4
)

// pipeline runs the stream's per-value work (repeated-key checks, decoding each resource) on
// GOMAXPROCS workers while the stream reads on: reading the document is serial, decoding it is not.
type pipeline struct {
	batchTasks int
	cur        *batch
	pending    []*batch // submitted, in document order, not yet taken
	jobs       chan *batch
	workers    int
	wg         sync.WaitGroup
	started    bool
	// err is the first error taken: the pipeline stops there, as the stream would have.
	err error
	// inline decodes the batches run by flush itself.
	inline numberDecoder
}

func newPipeline(batchTasks int) *pipeline {
	w := runtime.GOMAXPROCS(0)
	return &pipeline{batchTasks: batchTasks, workers: w, jobs: make(chan *batch, inFlight*w)}
}

// add queues t after every task added before it; raw is the size of the JSON it holds.
func (p *pipeline) add(t task, raw int) error {
	if p.err != nil {
		return p.err
	}
	if p.cur == nil {
		p.cur = &batch{tasks: make([]task, 0, p.batchTasks)}
	}
	p.cur.tasks = append(p.cur.tasks, t)
	p.cur.raw += raw
	if len(p.cur.tasks) >= p.batchTasks || p.cur.raw >= batchBytes {
		return p.submit()
	}
	return nil
}

// then runs f once every task added before is taken: at once when none is waiting.
func (p *pipeline) then(f func() error) error {
	if p.err == nil && p.cur == nil && len(p.pending) == 0 {
		return f()
	}
	return p.add(thenTask(f), 0)
}

type thenTask func() error

func (thenTask) work(*numberDecoder) error { return nil }
func (f thenTask) take() error             { return f() }

// submit hands the current batch to the workers, first taking the oldest batch when too many wait.
func (p *pipeline) submit() error {
	b := p.cur
	if b == nil {
		return nil
	}
	p.cur = nil
	if len(p.pending) >= inFlight*p.workers {
		if err := p.takeOldest(); err != nil {
			return err
		}
	}
	if !p.started {
		p.started = true
		p.wg.Add(p.workers)
		for range p.workers {
			go func() {
				defer p.wg.Done()
				var d numberDecoder
				for b := range p.jobs {
					b.run(&d)
					close(b.done)
				}
			}()
		}
	}
	b.done = make(chan struct{})
	p.pending = append(p.pending, b)
	p.jobs <- b // never blocks: the channel holds as many batches as may be pending
	return nil
}

func (p *pipeline) takeOldest() error {
	b := p.pending[0]
	p.pending[0] = nil
	p.pending = p.pending[1:]
	<-b.done
	p.err = b.take()
	return p.err
}

func (b *batch) take() error {
	for i, t := range b.tasks {
		if b.err != nil && i == b.errAt {
			return b.err
		}
		if err := t.take(); err != nil {
			return err
		}
	}
	return nil
}

// flush takes every task added so far, in order, and returns the first error in document order. A
// batch still being filled when nothing waits is run here: a small document starts no goroutine.
func (p *pipeline) flush() error {
	if p.err != nil {
		return p.err
	}
	if p.cur != nil && len(p.pending) == 0 {
		b := p.cur
		p.cur = nil
		b.run(&p.inline)
		p.err = b.take()
		return p.err
	}
	if err := p.submit(); err != nil {
		return err
	}
	for len(p.pending) > 0 {
		if err := p.takeOldest(); err != nil {
			return err
		}
	}
	return nil
}

// close stops the workers; batches still queued (after an error) are run and dropped.
func (p *pipeline) close() {
	close(p.jobs)
	p.wg.Wait()
}
