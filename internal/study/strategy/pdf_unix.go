//go:build unix

package strategy

import (
	"os/exec"
	"syscall"
)

// killGroup runs the browser in a process group of its own and stops the
// whole group (the browser starts helper processes) when the command is
// cancelled.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
