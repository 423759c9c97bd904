//go:build !unix

package main

import "os"

// peakRSS is 0, unknown: only Unix systems report a process's peak memory
// through os.ProcessState.
func peakRSS(*os.ProcessState) int64 { return 0 }
