//go:build !unix

package strategy

import "os/exec"

// killGroup leaves the default cancellation (the browser process only).
func killGroup(*exec.Cmd) {}
