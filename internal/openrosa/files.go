package openrosa

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/remaker-bd/remaker/internal/app"
)

// Attachments are kept in DataDir/attachments/ab/abcdef..., named by their
// SHA-256: the same photo sent twice is stored once, and a file written
// before a database failure is simply an orphan under its hash, harmless
// and reused if the device sends it again.

// received is one file part of a POST, held in a temporary file until the
// submission says whether it is one of its attachments.
type received struct {
	name, contentType string
	size              int64
	sha256            string
	tmp               string
}

// spool writes a part to a temporary file in dir, hashing it on the way,
// and refuses it past max bytes.
func spool(dir string, r io.Reader, max int64) (tmp string, size int64, sum string, err error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		return "", 0, "", app.Internal(err)
	}
	f, err := os.CreateTemp(filepath.Join(dir, "tmp"), "part-*")
	if err != nil {
		return "", 0, "", app.Internal(err)
	}
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(f, h), io.LimitReader(r, max+1))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		os.Remove(f.Name())
		return "", 0, "", readError(err)
	case size > max:
		os.Remove(f.Name())
		return "", 0, "", app.Errorf(app.ETOOLARGE, "an attached file is larger than %d MB; send it on its own or make it smaller", max>>20)
	}
	return f.Name(), size, hex.EncodeToString(h.Sum(nil)), nil
}

// keep moves a spooled file to its place under its hash, durably: the
// file was synced when spooled, and the directory is synced after the
// rename, so a crash after the database commit cannot lose it.
func keep(dir string, f received) error {
	sub := filepath.Join(dir, f.sha256[:2])
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return app.Internal(err)
	}
	final := filepath.Join(sub, f.sha256)
	if _, err := os.Stat(final); err == nil {
		return os.Remove(f.tmp)
	}
	if err := os.Rename(f.tmp, final); err != nil {
		return app.Internal(err)
	}
	d, err := os.Open(sub)
	if err != nil {
		return app.Internal(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return app.Internal(err)
	}
	return nil
}

// readError tells a body over the limit (413) from a broken upload (400).
func readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return app.Errorf(app.ETOOLARGE, "the submission is larger than %d MB; send its files in several parts", MaxBodyBytes>>20)
	}
	return app.Errorf(app.EINVALID, "the upload was cut off or is not a well-formed multipart form; send it again")
}
