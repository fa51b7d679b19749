// The contract between the runtime's poller (runtime/netpoll.gos, std/io.gos, std/fs.gos,
// std/net.gos) and the host's I/O thread (poller.ts): where the rings are, what an
// operation record holds, the operation codes and the error codes. Every number here
// has a twin in Gossamer; tests/unit/io-abi.test.ts reads the .gos files and checks
// that the two sides agree. docs/runtime.md "The poller" explains the protocol.
//
// This module has no imports: the browser host can share it.

/** Words of the poll area (byte offsets from its start; all u32). */
export const AREA = {
  SQ_TAIL: 0,      // next submission index: Ps claim slots with atomic add
  SQ_HEAD: 4,      // next slot the host reads (host only)
  HOST_IDLE: 8,    // 1 while the host waits for submissions; a P that sees 1 CASes it to 0 and notifies
  CQ_TAIL: 12,     // completions published (host only, seq-cst store after the slot)
  CQ_HEAD: 16,     // completions taken (Ps, by CAS)
  CQ_WAKE: 20,     // bumped and notified by the host after it publishes; the poller P waits on it
  SQ: 64,          // SQ_SIZE u32 slots: an op record's address, 0 = empty
  SQ_SIZE: 16384,
  CQ: 64 + 16384 * 4,
  CQ_SIZE: 16384,
  SIZE: 64 + 16384 * 4 * 2,
} as const;

/** Fields of an operation record (byte offsets; 64 bytes, 8-aligned, in runtime memory). */
export const OP = {
  CODE: 0,         // u32 what to do (OPS)
  G: 4,            // u32 the goroutine to ready, 0 = none
  HANDLE: 8,       // i32 the file, socket or listener
  STATE: 12,       // u32 0 in flight, 1 complete (a blocking submitter waits on it)
  BUF: 16,         // u32 address of the data buffer
  LEN: 20,         // u32 its length
  BUF2: 24,        // u32 a second buffer: a path or an address (UTF-8)
  LEN2: 28,
  ARG: 32,         // i64 flags, a file offset (-1 = current), a mode
  DEADLINE: 40,    // i64 monotonic ns (process.hrtime), 0 = none
  RESULT: 48,      // i64 >= 0 success (bytes, a handle...), < 0 minus an error code (ERR)
  RESULT2: 56,     // u32 a second result: bytes written to BUF, a stash id
  FLAGS: 60,       // u32 FLAG_*
  SIZE: 64,
} as const;

/** OP.FLAGS bits. */
export const FLAG_BLOCKING = 1;   // no goroutine: complete by STATE + notify, not through the CQ

/** Operation codes. */
export const OPS = {
  NOP: 0,
  OPEN: 1,         // BUF2 path, ARG open flags (OPEN_*) | mode << 16 -> handle
  READ: 2,         // HANDLE, BUF/LEN, ARG offset (-1: at the current position) -> bytes, 0 at the end
  WRITE: 3,        // HANDLE, BUF/LEN, ARG offset -> bytes
  CLOSE: 4,        // HANDLE -> 0
  READ_FILE: 5,    // BUF2 path, BUF/LEN room -> file size (if it is larger than LEN: RESULT2 = stash id)
  WRITE_FILE: 6,   // BUF2 path, BUF/LEN contents, ARG 1 to append -> 0
  READ_DIR: 7,     // BUF2 path, BUF/LEN room -> bytes of entries (or stash): [kind u8][name][0] ...
  MKDIR: 8,        // BUF2 path, ARG 1 = with parents -> 0
  REMOVE: 9,       // BUF2 path, ARG 0 file or empty directory, 1 everything below too, 2 file, 3 empty directory -> 0
  RENAME: 10,      // BUF2 from, BUF/LEN to -> 0
  STAT: 11,        // BUF2 path (or HANDLE if LEN2 = 0, ARG 1), BUF 32 bytes: size i64, mtime ns i64, kind u32, mode u32 -> 0
  TAKE: 12,        // HANDLE stash id, BUF/LEN room -> bytes copied (the stash is dropped)
  LISTEN: 13,      // BUF2 "host:port", BUF/LEN room for the bound address -> listener handle, RESULT2 address bytes
  ACCEPT: 14,      // HANDLE listener, BUF/LEN room for "local peer" -> connection handle, RESULT2 bytes
  CONNECT: 15,     // BUF2 "host:port", BUF/LEN room for "local peer", DEADLINE -> connection handle, RESULT2 bytes
  SHUTDOWN: 16,    // HANDLE, ARG 0 read, 1 write, 2 both -> 0
  SET_OPT: 17,     // HANDLE, ARG option (OPT_*) | value << 8 -> 0
  SET_DEADLINE: 18,// HANDLE, ARG 1 read, 2 write, 3 both; DEADLINE: changes the deadline of pending operations
} as const;

/** OPEN flags (ARG & 0xffff). */
export const OPEN = { READ: 1, WRITE: 2, CREATE: 4, TRUNCATE: 8, APPEND: 16, CREATE_NEW: 32 } as const;

/** SET_OPT options. */
export const OPT_NODELAY = 1;

/** Handles every program has. */
export const HANDLE_STDIN = 0;

/** READ_DIR entry kinds and STAT kinds. */
export const KIND = { FILE: 1, DIR: 2, SYMLINK: 3, OTHER: 4 } as const;

/**
 * Error codes (RESULT = -code). std/io.gos maps each to an ErrorKind and a reason.
 * NOT_ALLOWED_* are refusals by the permission flags (PermissionDenied; the message
 * names the flag).
 */
export const ERR = {
  OTHER: 1,
  NOT_FOUND: 2,
  PERMISSION: 3,
  CONN_REFUSED: 4,
  CONN_RESET: 5,
  CONN_ABORTED: 6,
  NOT_CONNECTED: 7,
  ADDR_IN_USE: 8,
  ADDR_NOT_AVAIL: 9,
  BROKEN_PIPE: 10,
  ALREADY_EXISTS: 11,
  INVALID_INPUT: 12,
  TIMED_OUT: 13,
  IS_DIR: 14,
  NOT_DIR: 15,
  DIR_NOT_EMPTY: 16,
  CLOSED: 17,
  HOST_UNREACH: 18,
  HOST_NOT_FOUND: 19,
  BAD_HANDLE: 20,
  TOO_MANY_FILES: 21,
  NOT_ALLOWED_READ: 22,
  NOT_ALLOWED_WRITE: 23,
  NOT_ALLOWED_NET: 24,
} as const;

/** Node's error codes (err.code) to ERR. */
export const NODE_ERRORS: Record<string, number> = {
  ENOENT: ERR.NOT_FOUND,
  EACCES: ERR.PERMISSION,
  EPERM: ERR.PERMISSION,
  ECONNREFUSED: ERR.CONN_REFUSED,
  ECONNRESET: ERR.CONN_RESET,
  ECONNABORTED: ERR.CONN_ABORTED,
  ENOTCONN: ERR.NOT_CONNECTED,
  EADDRINUSE: ERR.ADDR_IN_USE,
  EADDRNOTAVAIL: ERR.ADDR_NOT_AVAIL,
  EPIPE: ERR.BROKEN_PIPE,
  ERR_STREAM_DESTROYED: ERR.CLOSED,
  ERR_STREAM_WRITE_AFTER_END: ERR.BROKEN_PIPE,
  EEXIST: ERR.ALREADY_EXISTS,
  EINVAL: ERR.INVALID_INPUT,
  ERR_INVALID_ARG_VALUE: ERR.INVALID_INPUT,
  ERR_SOCKET_BAD_PORT: ERR.INVALID_INPUT,
  ERR_INVALID_IP_ADDRESS: ERR.INVALID_INPUT,
  ETIMEDOUT: ERR.TIMED_OUT,
  EISDIR: ERR.IS_DIR,
  ENOTDIR: ERR.NOT_DIR,
  ENOTEMPTY: ERR.DIR_NOT_EMPTY,
  EHOSTUNREACH: ERR.HOST_UNREACH,
  ENETUNREACH: ERR.HOST_UNREACH,
  ENOTFOUND: ERR.HOST_NOT_FOUND,
  EAI_AGAIN: ERR.HOST_NOT_FOUND,
  EBADF: ERR.BAD_HANDLE,
  EMFILE: ERR.TOO_MANY_FILES,
  ENFILE: ERR.TOO_MANY_FILES,
};
