/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mig-channel-wire-private.h"

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The peer sent a malformed channel message (%s)"), what);
  return FALSE;
}

static guint64
read_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
write_u64 (guint8 *p,
           guint64 v)
{
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static void
write_u16 (guint8 *p,
           guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static gsize
max_payload (guint8 type)
{
  switch (type)
    {
    case MIG_FRAME_DATA:
      return MIG_CHANNEL_MAX_DATA;
    case MIG_FRAME_ACK:
    case MIG_FRAME_PING:
    case MIG_FRAME_FREEZE:
    case MIG_FRAME_FREEZE_ACK:
    case MIG_FRAME_CLOSE:
    case MIG_FRAME_HELLO:
    case MIG_FRAME_WELCOME:
    case MIG_FRAME_REASSOC:
    case MIG_FRAME_CHALLENGE:
    case MIG_FRAME_PROOF:
    case MIG_FRAME_ACCEPT:
    case MIG_FRAME_REFUSE:
      return MIG_CHANNEL_MAX_CONTROL;
    default:
      return 0;
    }
}

int
mig_channel_frame_parse (const guint8 *data,
                         gsize         length,
                         MigFrame     *frame,
                         gsize        *consumed,
                         GError      **error)
{
  guint32 size;
  gsize limit;

  if (length < MIG_CHANNEL_HEADER_SIZE)
    return 0;
  limit = max_payload (data[0]);
  if (limit == 0)
    {
      invalid (error, _("unknown frame type"));
      return -1;
    }
  size = (guint32) data[1] << 24 | (guint32) data[2] << 16 | (guint32) data[3] << 8 | data[4];
  if (size > limit)
    {
      invalid (error, _("frame too long"));
      return -1;
    }
  if (length - MIG_CHANNEL_HEADER_SIZE < size)
    return 0;
  frame->type = data[0];
  frame->payload = data + MIG_CHANNEL_HEADER_SIZE;
  frame->length = size;
  *consumed = MIG_CHANNEL_HEADER_SIZE + size;
  return 1;
}

void
mig_channel_frame_header (guint8       header[MIG_CHANNEL_HEADER_SIZE],
                          MigFrameType type,
                          gsize        length)
{
  g_assert (length <= G_MAXUINT32);
  header[0] = type;
  header[1] = (length >> 24) & 0xff;
  header[2] = (length >> 16) & 0xff;
  header[3] = (length >> 8) & 0xff;
  header[4] = length & 0xff;
}

GBytes *
mig_channel_frame_new (MigFrameType type,
                       const void  *payload,
                       gsize        length)
{
  guint8 *buffer = g_malloc (MIG_CHANNEL_HEADER_SIZE + length);

  mig_channel_frame_header (buffer, type, length);
  if (length > 0)
    memcpy (buffer + MIG_CHANNEL_HEADER_SIZE, payload, length);
  return g_bytes_new_take (buffer, MIG_CHANNEL_HEADER_SIZE + length);
}

GBytes *
mig_channel_frame_new_u64 (MigFrameType type,
                           guint64      value)
{
  guint8 payload[8];

  write_u64 (payload, value);
  return mig_channel_frame_new (type, payload, sizeof payload);
}

gboolean
mig_channel_parse_u64 (const MigFrame *frame,
                       guint64        *value,
                       GError        **error)
{
  if (frame->length != 8)
    return invalid (error, _("counter"));
  *value = read_u64 (frame->payload);
  return TRUE;
}

gboolean
mig_channel_parse_hello (const MigFrame *frame,
                         MigHello       *hello,
                         GError        **error)
{
  gsize magic = strlen (MIG_CHANNEL_MAGIC);

  if (frame->type != MIG_FRAME_HELLO || frame->length != magic + 2 ||
      memcmp (frame->payload, MIG_CHANNEL_MAGIC, magic) != 0)
    return invalid (error, _("hello"));
  hello->port = read_u16 (frame->payload + magic);
  if (hello->port == 0)
    return invalid (error, _("hello without a port"));
  return TRUE;
}

GBytes *
mig_channel_hello_new (guint16 port)
{
  gsize magic = strlen (MIG_CHANNEL_MAGIC);
  guint8 payload[16];

  memcpy (payload, MIG_CHANNEL_MAGIC, magic);
  write_u16 (payload + magic, port);
  return mig_channel_frame_new (MIG_FRAME_HELLO, payload, magic + 2);
}

gboolean
mig_channel_parse_welcome (const MigFrame *frame,
                           MigWelcome     *welcome,
                           GError        **error)
{
  if (frame->type != MIG_FRAME_WELCOME ||
      frame->length != MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_SECRET_SIZE + 2)
    return invalid (error, _("welcome"));
  memcpy (welcome->id, frame->payload, MIG_CHANNEL_ID_SIZE);
  memcpy (welcome->secret, frame->payload + MIG_CHANNEL_ID_SIZE, MIG_CHANNEL_SECRET_SIZE);
  welcome->port = read_u16 (frame->payload + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_SECRET_SIZE);
  if (welcome->port == 0)
    return invalid (error, _("welcome without a port"));
  return TRUE;
}

GBytes *
mig_channel_welcome_new (const MigWelcome *welcome)
{
  guint8 payload[MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_SECRET_SIZE + 2];

  memcpy (payload, welcome->id, MIG_CHANNEL_ID_SIZE);
  memcpy (payload + MIG_CHANNEL_ID_SIZE, welcome->secret, MIG_CHANNEL_SECRET_SIZE);
  write_u16 (payload + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_SECRET_SIZE, welcome->port);
  return mig_channel_frame_new (MIG_FRAME_WELCOME, payload, sizeof payload);
}

gboolean
mig_channel_parse_reassoc (const MigFrame *frame,
                           MigReassoc     *reassoc,
                           GError        **error)
{
  gsize magic = strlen (MIG_CHANNEL_MAGIC);

  if (frame->type != MIG_FRAME_REASSOC ||
      frame->length != magic + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_NONCE_SIZE + 1 ||
      memcmp (frame->payload, MIG_CHANNEL_MAGIC, magic) != 0 ||
      frame->payload[frame->length - 1] > 1)
    return invalid (error, _("re-association"));
  memcpy (reassoc->id, frame->payload + magic, MIG_CHANNEL_ID_SIZE);
  memcpy (reassoc->nonce, frame->payload + magic + MIG_CHANNEL_ID_SIZE, MIG_CHANNEL_NONCE_SIZE);
  reassoc->from_client = frame->payload[frame->length - 1] == 1;
  return TRUE;
}

GBytes *
mig_channel_reassoc_new (const MigReassoc *reassoc)
{
  gsize magic = strlen (MIG_CHANNEL_MAGIC);
  guint8 payload[16 + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_NONCE_SIZE + 1];

  memcpy (payload, MIG_CHANNEL_MAGIC, magic);
  memcpy (payload + magic, reassoc->id, MIG_CHANNEL_ID_SIZE);
  memcpy (payload + magic + MIG_CHANNEL_ID_SIZE, reassoc->nonce, MIG_CHANNEL_NONCE_SIZE);
  payload[magic + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_NONCE_SIZE] = reassoc->from_client ? 1 : 0;
  return mig_channel_frame_new (MIG_FRAME_REASSOC, payload,
                                magic + MIG_CHANNEL_ID_SIZE + MIG_CHANNEL_NONCE_SIZE + 1);
}

gboolean
mig_channel_parse_challenge (const MigFrame *frame,
                             MigChallenge   *challenge,
                             GError        **error)
{
  if (frame->type != MIG_FRAME_CHALLENGE ||
      frame->length != MIG_CHANNEL_NONCE_SIZE + MIG_CHANNEL_PROOF_SIZE)
    return invalid (error, _("challenge"));
  memcpy (challenge->nonce, frame->payload, MIG_CHANNEL_NONCE_SIZE);
  memcpy (challenge->proof, frame->payload + MIG_CHANNEL_NONCE_SIZE, MIG_CHANNEL_PROOF_SIZE);
  return TRUE;
}

GBytes *
mig_channel_challenge_new (const MigChallenge *challenge)
{
  guint8 payload[MIG_CHANNEL_NONCE_SIZE + MIG_CHANNEL_PROOF_SIZE];

  memcpy (payload, challenge->nonce, MIG_CHANNEL_NONCE_SIZE);
  memcpy (payload + MIG_CHANNEL_NONCE_SIZE, challenge->proof, MIG_CHANNEL_PROOF_SIZE);
  return mig_channel_frame_new (MIG_FRAME_CHALLENGE, payload, sizeof payload);
}

gboolean
mig_channel_parse_proof (const MigFrame *frame,
                         MigProof       *proof,
                         GError        **error)
{
  const guint8 *p = frame->payload;

  if (frame->type != MIG_FRAME_PROOF || frame->length != MIG_CHANNEL_PROOF_SIZE + 2 + 8 + 1)
    return invalid (error, _("proof"));
  memcpy (proof->proof, p, MIG_CHANNEL_PROOF_SIZE);
  proof->port = read_u16 (p + MIG_CHANNEL_PROOF_SIZE);
  proof->received = read_u64 (p + MIG_CHANNEL_PROOF_SIZE + 2);
  if (p[MIG_CHANNEL_PROOF_SIZE + 10] > 1 || proof->port == 0)
    return invalid (error, _("proof"));
  proof->moved = p[MIG_CHANNEL_PROOF_SIZE + 10] == 1;
  return TRUE;
}

GBytes *
mig_channel_proof_new (const MigProof *proof)
{
  guint8 payload[MIG_CHANNEL_PROOF_SIZE + 2 + 8 + 1];

  memcpy (payload, proof->proof, MIG_CHANNEL_PROOF_SIZE);
  write_u16 (payload + MIG_CHANNEL_PROOF_SIZE, proof->port);
  write_u64 (payload + MIG_CHANNEL_PROOF_SIZE + 2, proof->received);
  payload[MIG_CHANNEL_PROOF_SIZE + 10] = proof->moved ? 1 : 0;
  return mig_channel_frame_new (MIG_FRAME_PROOF, payload, sizeof payload);
}

static char *
dup_text (const guint8 *p,
          gsize         length)
{
  if (memchr (p, '\0', length) != NULL || !g_utf8_validate ((const char *) p, length, NULL))
    return NULL;
  return g_strndup ((const char *) p, length);
}

gboolean
mig_channel_parse_refuse (const MigFrame *frame,
                          MigRefuse      *refuse,
                          GError        **error)
{
  if (frame->type != MIG_FRAME_REFUSE || frame->length < 1 ||
      frame->payload[0] < MIG_REFUSE_UNKNOWN || frame->payload[0] > MIG_REFUSE_PROTOCOL)
    return invalid (error, _("refusal"));
  refuse->code = frame->payload[0];
  refuse->text = dup_text (frame->payload + 1, frame->length - 1);
  if (refuse->text == NULL)
    return invalid (error, _("refusal"));
  return TRUE;
}

GBytes *
mig_channel_refuse_new (MigRefuseCode code,
                        const char   *text)
{
  gsize length = text != NULL ? MIN (strlen (text), MIG_CHANNEL_MAX_CONTROL - 1) : 0;
  g_autofree guint8 *payload = NULL;

  /* Cut at a character's start, so that the text stays UTF-8. */
  while (length > 0 && text[length] != '\0' && ((guchar) text[length] & 0xc0) == 0x80)
    length--;
  payload = g_malloc (1 + length);

  payload[0] = code;
  if (length > 0)
    memcpy (payload + 1, text, length);
  return mig_channel_frame_new (MIG_FRAME_REFUSE, payload, 1 + length);
}

gboolean
mig_channel_parse_freeze (const MigFrame *frame,
                          MigFreeze      *freeze,
                          GError        **error)
{
  if (frame->type != MIG_FRAME_FREEZE || frame->length < 8)
    return invalid (error, _("freeze"));
  freeze->received = read_u64 (frame->payload);
  freeze->target = NULL;
  if (frame->length == 8)
    return TRUE;
  freeze->target = dup_text (frame->payload + 8, frame->length - 8);
  if (freeze->target == NULL || strchr (freeze->target, '/') != NULL || strchr (freeze->target, ' ') != NULL)
    {
      g_clear_pointer (&freeze->target, g_free);
      return invalid (error, _("freeze"));
    }
  return TRUE;
}

GBytes *
mig_channel_freeze_new (guint64     received,
                        const char *target)
{
  gsize length = target != NULL ? MIN (strlen (target), 255) : 0;
  guint8 payload[8 + 255];

  write_u64 (payload, received);
  if (length > 0)
    memcpy (payload + 8, target, length);
  return mig_channel_frame_new (MIG_FRAME_FREEZE, payload, 8 + length);
}

void
mig_channel_compute_proof (const guint8 *secret,
                           const char   *label,
                           const guint8 *id,
                           const guint8 *first,
                           const guint8 *second,
                           const guint8 *binding,
                           guint8        proof[MIG_CHANNEL_PROOF_SIZE])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, MIG_CHANNEL_SECRET_SIZE);
  gsize length = MIG_CHANNEL_PROOF_SIZE;

  g_hmac_update (hmac, (const guchar *) "migui-channel-1 ", -1);
  g_hmac_update (hmac, (const guchar *) label, -1);
  g_hmac_update (hmac, id, MIG_CHANNEL_ID_SIZE);
  g_hmac_update (hmac, first, MIG_CHANNEL_NONCE_SIZE);
  g_hmac_update (hmac, second, MIG_CHANNEL_NONCE_SIZE);
  g_hmac_update (hmac, binding, 32);
  g_hmac_get_digest (hmac, proof, &length);
}

/* Constant time: a wrong proof takes as long whatever its first bytes. */
gboolean
mig_channel_equal_secret (const guint8 *a,
                          const guint8 *b,
                          gsize         length)
{
  guint8 diff = 0;

  for (gsize i = 0; i < length; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

void
mig_channel_random (guint8 *out,
                    gsize   length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) urandom = g_file_new_for_path ("/dev/urandom");
  g_autoptr(GFileInputStream) stream = g_file_read (urandom, NULL, &error);
  gsize got = 0;

  /* The kernel's generator; GLib's g_random is not meant for secrets. */
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), out, length, &got, NULL, &error) ||
      got != length)
    g_error ("Could not read random bytes for a channel: %s",
             error != NULL ? error->message : "short read");
}

static void
datagram_tag (const guint8 *id,
              const guint8 *secret,
              gboolean      from_client,
              const guint8 *seq,
              const void   *payload,
              gsize         length,
              guint8        tag[MIG_CHANNEL_PROOF_SIZE])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, secret, MIG_CHANNEL_SECRET_SIZE);
  gsize digest = MIG_CHANNEL_PROOF_SIZE;

  g_hmac_update (hmac, (const guchar *) (from_client ? "migui-datagram-1 client" : "migui-datagram-1 server"), -1);
  g_hmac_update (hmac, id, MIG_CHANNEL_ID_SIZE);
  g_hmac_update (hmac, seq, 8);
  g_hmac_update (hmac, payload, length);
  g_hmac_get_digest (hmac, tag, &digest);
}

GBytes *
mig_channel_datagram_new (const guint8 *id,
                          const guint8 *secret,
                          gboolean      from_client,
                          guint64       seq,
                          const void   *payload,
                          gsize         length)
{
  guint8 *buffer = g_malloc (MIG_CHANNEL_DATAGRAM_HEADER + length);
  guint8 tag[MIG_CHANNEL_PROOF_SIZE];
  guint8 *p = buffer;

  g_assert (length <= MIG_CHANNEL_MAX_DATAGRAM);
  memcpy (p, MIG_CHANNEL_DATAGRAM_MAGIC, 4);
  p[4] = from_client ? 1 : 0;
  memcpy (p + 5, id, MIG_CHANNEL_ID_SIZE);
  write_u64 (p + 5 + MIG_CHANNEL_ID_SIZE, seq);
  datagram_tag (id, secret, from_client, p + 5 + MIG_CHANNEL_ID_SIZE, payload, length, tag);
  memcpy (p + 13 + MIG_CHANNEL_ID_SIZE, tag, MIG_CHANNEL_TAG_SIZE);
  if (length > 0)
    memcpy (p + MIG_CHANNEL_DATAGRAM_HEADER, payload, length);
  return g_bytes_new_take (buffer, MIG_CHANNEL_DATAGRAM_HEADER + length);
}

gboolean
mig_channel_datagram_peek_id (const guint8 *data,
                              gsize         length,
                              guint8        id[MIG_CHANNEL_ID_SIZE],
                              gboolean     *from_client)
{
  if (length < MIG_CHANNEL_DATAGRAM_HEADER ||
      length > MIG_CHANNEL_DATAGRAM_HEADER + MIG_CHANNEL_MAX_DATAGRAM ||
      memcmp (data, MIG_CHANNEL_DATAGRAM_MAGIC, 4) != 0 || data[4] > 1)
    return FALSE;
  *from_client = data[4] == 1;
  memcpy (id, data + 5, MIG_CHANNEL_ID_SIZE);
  return TRUE;
}

gboolean
mig_channel_datagram_open (const guint8 *data,
                           gsize         length,
                           const guint8 *secret,
                           gboolean      from_client,
                           guint64      *seq,
                           GBytes      **payload)
{
  guint8 id[MIG_CHANNEL_ID_SIZE];
  guint8 tag[MIG_CHANNEL_PROOF_SIZE];
  const guint8 *body = data + MIG_CHANNEL_DATAGRAM_HEADER;
  gsize body_length = length - MIG_CHANNEL_DATAGRAM_HEADER;
  gboolean role;

  if (!mig_channel_datagram_peek_id (data, length, id, &role) || role != from_client)
    return FALSE;
  datagram_tag (id, secret, from_client, data + 5 + MIG_CHANNEL_ID_SIZE, body, body_length, tag);
  if (!mig_channel_equal_secret (tag, data + 13 + MIG_CHANNEL_ID_SIZE, MIG_CHANNEL_TAG_SIZE))
    return FALSE;
  *seq = read_u64 (data + 5 + MIG_CHANNEL_ID_SIZE);
  *payload = g_bytes_new (body, body_length);
  return TRUE;
}

char *
mig_channel_id_to_string (const guint8 *id)
{
  char *s = g_malloc (MIG_CHANNEL_ID_SIZE * 2 + 1);

  for (int i = 0; i < MIG_CHANNEL_ID_SIZE; i++)
    g_snprintf (s + 2 * i, 3, "%02x", id[i]);
  return s;
}
