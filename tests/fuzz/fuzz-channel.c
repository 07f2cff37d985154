/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <migui.h>

#include "mig-channel-private.h"

/*
 * libFuzzer target for what a channel reads from the network and from a
 * form tree.  The first byte chooses:
 *   0  the rest is what a peer sends to a port that takes channels (the
 *      rendezvous or a listener): hello, re-association, proof, …
 *   1  the rest is what a connected peer sends in the middle of a stream:
 *      data, acknowledgements, freezes, the close
 *   2  the rest is a datagram arriving at the process's UDP socket
 *   3  the rest is a channel's saved state, as GVariant text
 * Whatever comes, nothing crashes, nothing is accepted that does not prove
 * the association, and the channel's counters stay consistent.
 */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const guint8 fixed_id[MIG_CHANNEL_ID_SIZE] = "fuzz-channel-id";
static const guint8 fixed_secret[MIG_CHANNEL_SECRET_SIZE] = "fuzz-channel-secret-32-bytes-ok";

static GIOStream *
memory_stream (const guint8 *data,
               gsize         size)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  return g_simple_io_stream_new (in, out);
}

static void
accepted_cb (GObject    *listener,
             MigChannel *channel)
{
  g_assert (MIG_IS_CHANNEL (channel));
}

static void
iterate (void)
{
  for (int i = 0; i < 64 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean initialized;
  g_autoptr(MigChannel) channel = NULL;
  g_autoptr(GIOStream) conn = NULL;
  guint8 mode;

  if (!initialized)
    {
      g_assert (mig_channel_rendezvous_ensure (0, NULL));
      initialized = TRUE;
    }
  if (size < 1)
    return 0;
  mode = data[0];
  data++;
  size--;

  /* A server end, known to this process, that did not move: it never
   * dials. */
  channel = mig_channel_new_internal (FALSE, fixed_id, fixed_secret);
  channel->peer_host = g_strdup ("127.0.0.1");
  channel->peer_port = 9;
  mig_channel_register (channel);

  switch (mode % 4)
    {
    case 0:
      {
        g_autoptr(GObject) listener = g_object_new (G_TYPE_OBJECT, NULL);
        guint64 received = channel->in_received;

        conn = memory_stream (data, size);
        mig_channel_serve_connection (conn, NULL, accepted_cb, listener);
        while (mig_channel_rendezvous_get_handshakes () > 0)
          g_main_context_iteration (NULL, TRUE);
        /* No proof from the fuzzer can hold: the channel was not taken. */
        g_assert (channel->conn == NULL);
        g_assert (channel->in_received == received);
        break;
      }
    case 1:
      {
        /* Something to acknowledge and to resend. */
        mig_channel_append_output (channel, "0123456789", 10);
        conn = memory_stream (data, size);
        mig_channel_adopt (channel, conn, 0);
        iterate ();
        /* While connected; the frame being written may be acknowledged
         * already.  (After a loss, the next handshake sets out_wire.) */
        g_assert (channel->conn == NULL || channel->out_acked <= channel->out_wire +
                  (channel->writing && channel->writing_type == MIG_FRAME_DATA ? channel->writing_length : 0));
        g_assert (channel->out_acked <= channel->out_written);
        g_assert (channel->out_wire <= channel->out_written);
        g_assert (channel->in_pos <= channel->in_buf->len);
        break;
      }
    case 2:
      mig_channel_deliver_datagram (data, size);
      break;
    case 3:
      {
        g_autofree char *text = g_strndup ((const char *) data, size);
        /* GVariant's text parser warns of strings that are not UTF-8; a
         * channel's state comes from JSON, which json-glib validates. */
        g_autoptr(GVariant) saved = g_utf8_validate (text, -1, NULL) ?
                                    g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL) : NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(MigChannel) restored = NULL;

        if (saved == NULL)
          break;
        restored = mig_channel_new_from_saved (saved, &error);
        g_assert ((restored == NULL) == (error != NULL));
        if (restored != NULL)
          {
            g_autoptr(GVariant) again = mig_channel_save (restored);
            g_autoptr(MigChannel) twice = mig_channel_new_from_saved (again, NULL);

            g_assert (twice != NULL);
            g_assert (mig_channel_get_bytes_written (twice) == mig_channel_get_bytes_written (restored));
          }
        break;
      }
    }

  mig_channel_release (channel);
  iterate ();
  return 0;
}
