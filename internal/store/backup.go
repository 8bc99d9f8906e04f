package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of a SQLite database to dest with
// VACUUM INTO, which reads one snapshot while writers carry on. The copy is
// written beside dest first and renamed, so a failed backup never leaves a
// half-written file under the final name.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if db.dialect != SQLite {
		return errors.New("backups of PostgreSQL are made with pg_dump")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists: choose a new file name", dest)
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	tmp := abs + ".partial"
	os.Remove(tmp)
	if _, err := db.w.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup failed: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
