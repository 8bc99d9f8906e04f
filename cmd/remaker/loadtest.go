package main

import (
	"context"
	"errors"
)

// Being written this session.
const loadtestUsage = "remaker loadtest"

func runLoadtest(ctx context.Context, args []string) error {
	return errors.New("remaker loadtest: not available in this build")
}
