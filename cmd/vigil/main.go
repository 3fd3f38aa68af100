// Command vigil scans infrastructure configuration and evaluates compliance and disaster-recovery
// policies over it. main only maps errors to exit codes; each subcommand lives in its own file.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/vigil-audit/vigil/reports"
)

// Exit codes, as docs and CI rely on them.
const (
	exitOK        = 0
	exitGateFail  = 1
	exitUntrusted = 2
)

// exitError carries an exit code; its message (if any) is printed on stderr.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, reports.PrintableLines("vigil: "+ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, reports.PrintableLines("vigil: "+err.Error()))
	return exitUntrusted
}
