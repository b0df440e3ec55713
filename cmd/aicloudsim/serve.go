package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

// serveOptions are the flags of `serve`.
type serveOptions struct {
	addr    string
	game    string
	workers int
}

func newServeCmd() *cobra.Command {
	var opt serveOptions
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--game DIR]",
		Short: "Serve the web studio: what-if pages, the JSON API and classroom games",
		Long: `Serve starts the web studio and prints what it serves, one link a line:

  whatif <url>        pick a scenario and move its numbers with sliders; every
                      change re-runs it and redraws the charts next to the
                      unchanged scenario
  api <url>           the JSON API the page uses (docs/API.md)

With --game, it also serves a game made by 'aicloudsim play init':

  teacher <url>       who has handed in, play the round, leaderboard, charts
  team <id> <url>     one per team: its brief, its decision form and reports

Each game link carries its own secret token (kept in the game folder's
web-tokens.json, so the links survive a restart); hand each team its own.
The game folder stays the source of truth: 'play status' and 'play next'
work on it as before, with or without the server.

By default the studio listens on 127.0.0.1 only. An --addr any other
machine can reach prints a warning: anyone on that network can use it.
Stop it with Ctrl-C.`,
		Example: `  aicloudsim serve
  aicloudsim serve --game class-game
  aicloudsim serve --addr 0.0.0.0:8080 --game class-game`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, c.OutOrStdout(), c.ErrOrStderr(), opt)
		},
	}
	c.Flags().StringVar(&opt.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on")
	c.Flags().StringVar(&opt.game, "game", "", "a game `folder` made by 'aicloudsim play init' to serve to its teams")
	c.Flags().IntVar(&opt.workers, "workers", 0, "runs computed at a time (default: one per CPU)")
	return c
}

// serve runs the studio until ctx ends.
func serve(ctx context.Context, stdout, stderr io.Writer, opt serveOptions) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(web.GCPercent)
	}
	s, err := web.New(web.Options{Game: opt.game, Workers: opt.workers, Log: log.New(stderr, "serve: ", log.LstdFlags)})
	if err != nil {
		if errors.Is(err, classroom.ErrBadInput) {
			return badInput(fmt.Errorf("--game: %w", err))
		}
		return runFailed(err)
	}
	ln, err := net.Listen("tcp", opt.addr)
	if err != nil {
		return badInput(fmt.Errorf("--addr %s: %w", opt.addr, err))
	}
	addr := ln.Addr().String()
	if !web.Loopback(opt.addr) {
		fmt.Fprintf(stderr, "warning: listening on %s: anyone who can reach this machine on the network can use the studio\n", addr)
	}
	host := addr
	if h, p, err := net.SplitHostPort(addr); err == nil && (h == "0.0.0.0" || h == "::") {
		host = net.JoinHostPort("127.0.0.1", p)
	}
	for _, l := range s.Links("http://" + host) {
		fmt.Fprintln(stdout, l)
	}
	defer s.Close()
	hs := s.HTTPServer(addr)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return runFailed(err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return runFailed(err)
	}
	return nil
}
