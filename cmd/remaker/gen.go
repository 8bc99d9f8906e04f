package main

import (
	"context"
	"errors"
)

// Being written this session.
const genUsage = "remaker gen"

func runGen(ctx context.Context, args []string) error {
	return errors.New("remaker gen: not available in this build")
}
