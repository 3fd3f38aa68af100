package terraform

import "sync"

// prefetcher reads and parses module directories on background goroutines while the loader evaluates,
// so that parsing, a large share of a scan, runs on the other cores. As soon as a module is decoded, the
// local directories it calls are queued; the loader takes a directory's parse when it needs the module,
// waiting if a worker is on it and parsing it itself if no worker has started it. Decoding is done by the
// loader, once per directory, so the result is the same as without prefetching.
type prefetcher struct {
	l    *loader
	pool *pool

	mu   sync.Mutex
	jobs map[string]*dirJob
	stop bool
}

type dirJob struct {
	task    *task
	skipped bool // the load was cancelled or finished before a worker got to it
	names   []string
	parsed  []parsedFile
	err     error
}

func newPrefetcher(l *loader) *prefetcher {
	return &prefetcher{l: l, pool: newPool(), jobs: map[string]*dirJob{}}
}

// enqueue asks for dir to be parsed in the background. A folder outside the module boundary is not: the
// module call that names it is refused (see loader.moduleFolder).
func (p *prefetcher) enqueue(dir string) {
	if p.pool.workers == 0 {
		return
	}
	if _, ok := p.l.bound.contains(dir); !ok {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop || p.jobs[dir] != nil {
		return
	}
	j := &dirJob{}
	p.jobs[dir] = j
	j.task = p.pool.submit(func() {
		if p.stopped() {
			j.skipped = true
			return
		}
		j.names, j.err = p.l.configFiles(dir)
		if j.err == nil {
			j.parsed = make([]parsedFile, len(j.names))
			for i, name := range j.names {
				j.parsed[i] = p.l.parseFile(dir, name)
			}
		}
	})
}

func (p *prefetcher) stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stop || p.l.ctx.Err() != nil
}

// take returns the configuration files of dir and their parses: from the background job, or read and
// parsed now, several files at once, when dir was not queued.
func (p *prefetcher) take(dir string) ([]string, []parsedFile, error) {
	p.mu.Lock()
	j := p.jobs[dir]
	p.mu.Unlock()
	if j != nil {
		p.pool.wait(j.task)
		if !j.skipped {
			names, parsed, err := j.names, j.parsed, j.err
			j.parsed = nil
			return names, parsed, err
		}
	}
	names, err := p.l.configFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	return names, p.l.parseFiles(dir, names), nil
}

// close drops the directories not yet started and waits for the workers.
func (p *prefetcher) close() {
	p.mu.Lock()
	p.stop = true
	p.mu.Unlock()
	p.pool.close()
}
