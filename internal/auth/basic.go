package auth

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

// Devices (ODK Collect, KoBoCollect) send HTTP Basic credentials with every
// request. Verifying an argon2id hash costs tens of milliseconds, which
// would cap submission ingest far below what a survey team needs, so a
// successful verification is remembered for a few minutes. The cache key is
// a SHA-256 of the username, the password and the stored hash: changing the
// password changes the hash and so misses the cache, and the cache never
// holds a password.

// BasicCacheTTL is how long a verified username and password is trusted
// without checking the hash again.
const BasicCacheTTL = 5 * time.Minute

// basicCacheSize bounds the cache: one entry per device and account.
const basicCacheSize = 4096

type basicEntry struct {
	key     [32]byte
	userID  string
	expires time.Time
}

// basicCache is a small LRU of verified credentials. It is shared by every
// Service: keys include the stored hash (with its salt), so entries of two
// databases cannot collide.
var basicCache = struct {
	sync.Mutex
	order *list.List // front: most recently used
	byKey map[[32]byte]*list.Element
}{order: list.New(), byKey: map[[32]byte]*list.Element{}}

func basicKey(username, password, hash string) [32]byte {
	h := sha256.New()
	for _, s := range []string{username, password, hash} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

func basicCached(k [32]byte, userID string, at time.Time) bool {
	basicCache.Lock()
	defer basicCache.Unlock()
	el, ok := basicCache.byKey[k]
	if !ok {
		return false
	}
	e := el.Value.(*basicEntry)
	if e.userID != userID || at.After(e.expires) {
		basicCache.order.Remove(el)
		delete(basicCache.byKey, k)
		return false
	}
	basicCache.order.MoveToFront(el)
	return true
}

func basicRemember(k [32]byte, userID string, at time.Time) {
	basicCache.Lock()
	defer basicCache.Unlock()
	if el, ok := basicCache.byKey[k]; ok {
		el.Value.(*basicEntry).expires = at.Add(BasicCacheTTL)
		basicCache.order.MoveToFront(el)
		return
	}
	basicCache.byKey[k] = basicCache.order.PushFront(&basicEntry{key: k, userID: userID, expires: at.Add(BasicCacheTTL)})
	for basicCache.order.Len() > basicCacheSize {
		last := basicCache.order.Back()
		basicCache.order.Remove(last)
		delete(basicCache.byKey, last.Value.(*basicEntry).key)
	}
}

// VerifyBasic checks HTTP Basic credentials, as a device sends them on every
// request. Failures count towards the same throttling as failed sign-ins
// (ETOOMANY once over the limit); a wrong username or password is
// EUNAUTHORIZED, a disabled account EFORBIDDEN.
func (s *Service) VerifyBasic(ctx context.Context, username, password, ip string) (store.User, error) {
	key := store.UsernameKey(username)
	at := s.Now().UTC()
	u, err := s.db.UserByUsername(ctx, key)
	if err != nil && app.ErrorCode(err) != app.ENOTFOUND {
		return store.User{}, err
	}
	found := err == nil
	k := basicKey(key, password, u.PasswordHash)
	if found && basicCached(k, u.ID, at) {
		if u.Disabled() {
			return store.User{}, app.Errorf(app.EFORBIDDEN, "this account is disabled: ask your manager or administrator")
		}
		return u, nil
	}
	byUser, byIP, err := s.db.SignInFailures(ctx, key, ip, at.Add(-s.cfg.FailureWindow))
	if err != nil {
		return store.User{}, err
	}
	if byUser >= s.cfg.MaxFailuresPerUser || byIP >= s.cfg.MaxFailuresPerIP {
		return store.User{}, app.Errorf(app.ETOOMANY, "too many failed sign-ins: wait %d minutes and try again, or ask your manager to reset your password", int(s.cfg.FailureWindow.Minutes()))
	}
	if !found {
		VerifyPassword(s.dummyHash, password)
		s.db.RecordSignInFailure(ctx, app.Actor{Username: truncateName(username), ClientIP: ip}, key, ip, at)
		return store.User{}, ErrBadCredentials
	}
	if !VerifyPassword(u.PasswordHash, password) {
		actor := u.Actor()
		actor.ClientIP = ip
		s.db.RecordSignInFailure(ctx, actor, key, ip, at)
		return store.User{}, ErrBadCredentials
	}
	if u.Disabled() {
		return store.User{}, app.Errorf(app.EFORBIDDEN, "this account is disabled: ask your manager or administrator")
	}
	if byUser > 0 {
		s.db.ClearSignInFailures(ctx, key)
	}
	basicRemember(k, u.ID, at)
	return u, nil
}
