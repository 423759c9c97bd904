package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// describeMachine is one line about where the figures were measured: CPU,
// cores, memory, Go, the system and the peers' versions.
func describeMachine(ctx context.Context, t tools) string {
	parts := []string{cpuModel() + ", " + strconv.Itoa(runtime.NumCPU()) + " cores"}
	if mem := memTotal(); mem > 0 {
		parts = append(parts, fmt.Sprintf("%.1f GiB memory", float64(mem)/(1<<30)))
	}
	goVersion := runtime.Version()
	if out := firstLine(ctx, t.goCmd, "env", "GOVERSION"); out != "" {
		goVersion = out
	}
	parts = append(parts, goVersion, osName()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	if t.pandoc != "" {
		parts = append(parts, firstLine(ctx, t.pandoc, "--version"))
	}
	if t.weasyprint != "" {
		parts = append(parts, firstLine(ctx, t.weasyprint, "--version"))
	}
	return strings.Join(parts, "; ")
}

// describeBuild names the anthology measured: its commit, and whether the
// working tree had changes.
func describeBuild(ctx context.Context, root string) string {
	cmd := exec.CommandContext(ctx, "git", "-C", root, "describe", "--always", "--dirty")
	out, err := cmd.Output()
	if err != nil {
		return "anthology (not a git checkout)"
	}
	return "anthology " + strings.TrimSpace(string(out))
}

// firstLine is the first line a command prints, or "" when it fails.
func firstLine(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// cpuModel is the processor's name as Linux gives it, else the
// architecture.
func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return runtime.GOARCH + " CPU"
}

// memTotal is the machine's memory in bytes, 0 when unknown.
func memTotal() int64 {
	v := procField("/proc/meminfo", "MemTotal")
	kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}

// osName is the system's name from /etc/os-release, else runtime.GOOS.
func osName() string {
	data, err := os.ReadFile("/etc/os-release")
	if err != nil {
		return runtime.GOOS
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return runtime.GOOS
}

// procField is the value of the first "key: value" line of a /proc file
// whose key is key, or "".
func procField(path, key string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
