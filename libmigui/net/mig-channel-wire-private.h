/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The bytes of the channel protocol (docs/protocol.md, "Channels"): frames
 * of a type byte, a 32-bit big-endian length and a payload, over TCP; and
 * datagrams over UDP.  Everything here is pure: it reads and writes
 * buffers, so that the fuzzers exercise exactly what the network feeds.
 */

#define MIG_CHANNEL_ID_SIZE       16
#define MIG_CHANNEL_SECRET_SIZE   32
#define MIG_CHANNEL_NONCE_SIZE    32
#define MIG_CHANNEL_PROOF_SIZE    32
#define MIG_CHANNEL_TAG_SIZE      16
#define MIG_CHANNEL_HEADER_SIZE   5
#define MIG_CHANNEL_MAX_DATA      (64 * 1024)
#define MIG_CHANNEL_MAX_CONTROL   512
#define MIG_CHANNEL_MAX_DATAGRAM  1200
#define MIG_CHANNEL_MAGIC         "MIGCH1"
#define MIG_CHANNEL_DATAGRAM_MAGIC "MGD1"
#define MIG_CHANNEL_DATAGRAM_HEADER (4 + 1 + MIG_CHANNEL_ID_SIZE + 8 + MIG_CHANNEL_TAG_SIZE)

typedef enum
{
  MIG_FRAME_DATA       = 0x01,
  MIG_FRAME_ACK        = 0x02,
  MIG_FRAME_PING       = 0x03,
  MIG_FRAME_FREEZE     = 0x05,
  MIG_FRAME_FREEZE_ACK = 0x06,
  MIG_FRAME_CLOSE      = 0x07,
  MIG_FRAME_HELLO      = 0x10,
  MIG_FRAME_WELCOME    = 0x11,
  MIG_FRAME_REASSOC    = 0x12,
  MIG_FRAME_CHALLENGE  = 0x13,
  MIG_FRAME_PROOF      = 0x14,
  MIG_FRAME_ACCEPT     = 0x15,
  MIG_FRAME_REFUSE     = 0x16,
} MigFrameType;

/* Why an acceptor refuses a re-association (REFUSE's first byte). */
typedef enum
{
  MIG_REFUSE_UNKNOWN  = 1,   /* no such association here */
  MIG_REFUSE_PROOF    = 2,   /* the proof is wrong */
  MIG_REFUSE_COUNTERS = 3,   /* what the dialer received is not what we hold */
  MIG_REFUSE_MOVING   = 4,   /* frozen here, moving to the host in the text */
  MIG_REFUSE_CLOSED   = 5,   /* closed here */
  MIG_REFUSE_PROTOCOL = 6,   /* not the channel protocol */
} MigRefuseCode;

typedef struct
{
  MigFrameType  type;
  const guint8 *payload;   /* points into the parsed buffer */
  gsize         length;
} MigFrame;

/* Returns 1 with @frame set and *@consumed bytes used, 0 if @data holds no
 * whole frame yet, -1 with @error for a frame that is not valid. */
int      mig_channel_frame_parse      (const guint8 *data,
                                       gsize         length,
                                       MigFrame     *frame,
                                       gsize        *consumed,
                                       GError      **error);
void     mig_channel_frame_header     (guint8        header[MIG_CHANNEL_HEADER_SIZE],
                                       MigFrameType  type,
                                       gsize         length);
GBytes  *mig_channel_frame_new        (MigFrameType  type,
                                       const void   *payload,
                                       gsize         length);
GBytes  *mig_channel_frame_new_u64    (MigFrameType  type,
                                       guint64       value);

/* The handshake payloads, parsed with every length checked. */
typedef struct
{
  guint16 port;
} MigHello;

typedef struct
{
  guint8  id[MIG_CHANNEL_ID_SIZE];
  guint8  secret[MIG_CHANNEL_SECRET_SIZE];
  guint16 port;
} MigWelcome;

typedef struct
{
  guint8   id[MIG_CHANNEL_ID_SIZE];
  guint8   nonce[MIG_CHANNEL_NONCE_SIZE];
  gboolean from_client;   /* the dialer's role: the end sought has the other */
} MigReassoc;

typedef struct
{
  guint8 nonce[MIG_CHANNEL_NONCE_SIZE];
  guint8 proof[MIG_CHANNEL_PROOF_SIZE];
} MigChallenge;

typedef struct
{
  guint8  proof[MIG_CHANNEL_PROOF_SIZE];
  guint16 port;
  guint64 received;
  gboolean moved;
} MigProof;

typedef struct
{
  MigRefuseCode code;
  char         *text;   /* owned, valid UTF-8, may be empty */
} MigRefuse;

typedef struct
{
  guint64 received;
  char   *target;       /* owned, may be NULL */
} MigFreeze;

gboolean mig_channel_parse_u64        (const MigFrame *frame,
                                       guint64        *value,
                                       GError        **error);
gboolean mig_channel_parse_hello      (const MigFrame *frame,
                                       MigHello       *hello,
                                       GError        **error);
gboolean mig_channel_parse_welcome    (const MigFrame *frame,
                                       MigWelcome     *welcome,
                                       GError        **error);
gboolean mig_channel_parse_reassoc    (const MigFrame *frame,
                                       MigReassoc     *reassoc,
                                       GError        **error);
gboolean mig_channel_parse_challenge  (const MigFrame *frame,
                                       MigChallenge   *challenge,
                                       GError        **error);
gboolean mig_channel_parse_proof      (const MigFrame *frame,
                                       MigProof       *proof,
                                       GError        **error);
gboolean mig_channel_parse_refuse     (const MigFrame *frame,
                                       MigRefuse      *refuse,
                                       GError        **error);
gboolean mig_channel_parse_freeze     (const MigFrame *frame,
                                       MigFreeze      *freeze,
                                       GError        **error);

GBytes  *mig_channel_hello_new        (guint16        port);
GBytes  *mig_channel_welcome_new      (const MigWelcome *welcome);
GBytes  *mig_channel_reassoc_new      (const MigReassoc *reassoc);
GBytes  *mig_channel_challenge_new    (const MigChallenge *challenge);
GBytes  *mig_channel_proof_new        (const MigProof *proof);
GBytes  *mig_channel_refuse_new       (MigRefuseCode  code,
                                       const char    *text);
GBytes  *mig_channel_freeze_new       (guint64        received,
                                       const char    *target);

/* proof = HMAC-SHA256(secret, label ‖ id ‖ first ‖ second ‖ binding):
 * the acceptor proves with ("acceptor", dialer's nonce, its own), the
 * dialer with ("dialer", acceptor's nonce, its own); binding is the
 * SHA-256 of the TLS connection's tls-server-end-point data, or 32 zero
 * bytes on a plain connection. */
void     mig_channel_compute_proof    (const guint8  *secret,
                                       const char    *label,
                                       const guint8  *id,
                                       const guint8  *first,
                                       const guint8  *second,
                                       const guint8  *binding,
                                       guint8         proof[MIG_CHANNEL_PROOF_SIZE]);
gboolean mig_channel_equal_secret     (const guint8  *a,
                                       const guint8  *b,
                                       gsize          length);
void     mig_channel_random           (guint8        *out,
                                       gsize          length);

/* Datagrams: magic ‖ role ‖ id ‖ seq (64-bit) ‖ tag ‖ payload, the tag being the
 * first 16 bytes of HMAC-SHA256(secret, "datagram" ‖ role ‖ id ‖ seq ‖
 * payload); @from_client says which end sent it. */
GBytes  *mig_channel_datagram_new     (const guint8  *id,
                                       const guint8  *secret,
                                       gboolean       from_client,
                                       guint64        seq,
                                       const void    *payload,
                                       gsize          length);
gboolean mig_channel_datagram_peek_id (const guint8  *data,
                                       gsize          length,
                                       guint8         id[MIG_CHANNEL_ID_SIZE],
                                       gboolean      *from_client);
gboolean mig_channel_datagram_open    (const guint8  *data,
                                       gsize          length,
                                       const guint8  *secret,
                                       gboolean       from_client,
                                       guint64       *seq,
                                       GBytes       **payload);

char    *mig_channel_id_to_string     (const guint8  *id);

G_END_DECLS
