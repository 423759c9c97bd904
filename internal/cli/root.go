// Package cli is anthology's command line: it maps flags, the book file and
// the environment onto build.Options, runs the build, shows its progress,
// prints its warnings and turns errors into messages and exit codes. It
// holds no stage of the pipeline (that is internal/build). Only this
// package knows about flags, the environment, stdout, stderr and exit
// codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/anthology-book/anthology/internal/build"
	"github.com/anthology-book/anthology/internal/parallel"
)

// Exit codes, as documented in the root command's help.
const (
	exitOK    = 0
	exitError = 1 // the book could not be made: bad input, unreadable file, failed write
	exitUsage = 2 // the command line itself is wrong
	// exitInternal is a bug in anthology: a panic, caught. Go's runtime
	// itself exits with 2 on what it cannot recover from (out of memory, a
	// stack overflow), which the limits on the input are there to prevent.
	exitInternal = 3
)

// globalOptions are the flags and streams every command shares.
type globalOptions struct {
	quiet   bool
	verbose bool
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	// terminal is whether stderr is a terminal: only then does a build
	// show its progress.
	terminal bool
}

// Main runs the command line with args and returns the process exit code.
// SIGINT and SIGTERM stop the build: it removes its temporary files and
// leaves the books already there as they were. A second signal ends the
// program at once.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	defer tuneGC(os.Getenv)()
	return run(ctx, args, stdout, stderr, os.Getenv)
}

// run is Main with the environment given, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	g := &globalOptions{stdout: stdout, stderr: stderr, getenv: getenv, terminal: isTerminal(stderr)}
	defer func() {
		if v := recover(); v != nil {
			code = reportError(g, parallel.Recovered(v))
		}
	}()
	root := newRootCommand(g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if cause := context.Cause(ctx); cause != nil && errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "anthology: stopped: %v; nothing was written\n", cause)
		return exitError
	}
	return reportError(g, err)
}

func newRootCommand(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "anthology",
		Short: "Turn a blog into a book: an EPUB to read and a PDF to print",
		Long: `anthology turns a blog into a book: an EPUB 3 to read on an e-reader and a
PDF to print. Point it at your posts — a folder of Markdown files with YAML or
TOML front matter (Hugo, Jekyll, Zola), a WordPress export, an RSS, Atom or
JSON feed, plain-text files, or any mix — and it orders them by date, groups
them into chapters by theme and renders them with a nested table of contents.

  anthology init      write a starter book file (anthology.yaml)
  anthology plan      show the chapters a compile would make, and why
  anthology compile   make the book

Exit codes:
  0  the book was written
  1  the book could not be made (bad input, unreadable file, failed write);
     nothing is left half-written
  2  the command line is wrong (unknown flag, missing argument)
  3  internal error: a bug in anthology, to report with the stack that -v
     prints; nothing is left half-written`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "print errors only")
	cmd.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "print more: merged posts, how many links were rewritten, every post a warning lists")
	cmd.SetOut(g.stdout)
	cmd.SetErr(g.stderr)
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err: err, cmd: c}
	})
	cmd.AddCommand(newCompileCommand(g), newPlanCommand(g), newInitCommand(g), newVersionCommand(g))
	return cmd
}

// usageError is a mistake on the command line.
type usageError struct {
	err error
	cmd *cobra.Command
}

func (e usageError) Error() string { return e.err.Error() }

// userError is a mistake in what the user gave (a file, a flag's value):
// one clean line, and a hint where one helps.
type userError struct {
	msg  string
	hint string
}

func (e userError) Error() string { return e.msg }

// reportError prints err for the user and returns the exit code it calls
// for.
func reportError(g *globalOptions, err error) int {
	w := g.stderr
	var pe *parallel.PanicError
	if errors.As(err, &pe) {
		fmt.Fprintf(w, "anthology: internal error: %v\n", err)
		if g.verbose {
			fmt.Fprintf(w, "%s", pe.Stack)
			fmt.Fprintln(w, "hint: this is a bug in anthology: please report it, with the stack above")
		} else {
			fmt.Fprintln(w, "hint: this is a bug in anthology: please report it, with the stack that -v prints")
		}
		return exitInternal
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "anthology: %v\n", ue.err)
		if ue.cmd != nil {
			fmt.Fprintf(w, "hint: see '%s --help'\n", ue.cmd.CommandPath())
		}
		return exitUsage
	}
	if isArgsError(err) {
		fmt.Fprintf(w, "anthology: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(w, "anthology: %v\n", err)
	var uerr userError
	var ierr *build.InputError
	switch {
	case errors.As(err, &uerr) && uerr.hint != "":
		fmt.Fprintf(w, "hint: %s\n", uerr.hint)
	case errors.As(err, &ierr) && ierr.Hint != "":
		fmt.Fprintf(w, "hint: %s\n", ierr.Hint)
	}
	return exitError
}

// isArgsError recognises cobra's argument-count and unknown-command errors,
// which it returns as plain errors.
func isArgsError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.Contains(msg, "arg(s)")
}
