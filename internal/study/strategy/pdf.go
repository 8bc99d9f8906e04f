package strategy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// EnvChromium names the browser that prints documents to PDF; the e2e
// tests read the same variable.
const EnvChromium = "REMAKER_CHROMIUM"

// PDFTimeout bounds one printing.
const PDFTimeout = 60 * time.Second

// ErrNoChromium means no browser is installed to print with.
var ErrNoChromium = errors.New("no Chromium to print with")

// FindChromium returns the browser to print with: $REMAKER_CHROMIUM when
// set, else Debian's /usr/bin/chromium, else chromium or chromium-browser
// on the PATH; "" when there is none.
func FindChromium() string {
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// PrintPDF prints a self-contained HTML page (styles and fonts inlined,
// nothing fetched) to PDF with headless Chromium. The page is written to
// a file in a fresh temporary folder and opened from there, so the
// browser never needs the user's session; no shell is involved and the
// browser is stopped when ctx ends or after PDFTimeout.
func PrintPDF(ctx context.Context, chromium string, page []byte) ([]byte, error) {
	if chromium == "" {
		return nil, ErrNoChromium
	}
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "remaker-strategy-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "document.html"), filepath.Join(dir, "document.pdf")
	if err := os.WriteFile(in, page, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
		"--disable-sync", "--mute-audio", "--no-pdf-header-footer", "--print-to-pdf-no-header",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+out, "file://"+in)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	pdf, err := os.ReadFile(out)
	if err == nil && bytes.HasPrefix(pdf, []byte("%PDF")) {
		return pdf, nil
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("printing to PDF took longer than %s: %w", PDFTimeout, ctx.Err())
	}
	tail := output.Bytes()
	if len(tail) > 2000 {
		tail = tail[len(tail)-2000:]
	}
	return nil, fmt.Errorf("printing to PDF with %s: %v %v\n%s", chromium, runErr, err, tail)
}
