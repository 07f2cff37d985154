/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE
#include <string.h>

#include "mig-shell-http-private.h"
#include "mig-shell-private.h"

/* libFuzzer target for the peer shell's HTTP handlers: the input is the
 * raw bytes of one or more HTTP requests from a known device, handed to
 * the real SoupServer and handlers on an in-memory connection.  Before
 * each input a valid offer is made, and every "@ID@" in the input becomes
 * its migration ID, so that uploads, status polls, commits and aborts reach
 * a live migration; likewise a pairing is started (committed to the nonce
 * NONCE) and "@PAIRING@" becomes its ID; "@NEXT@" separates requests sent
 * one after another.  Any input must get answers (or a closed
 * connection), never a crash, a leak or a hang.
 *
 * Built with FUZZ_HANDLER_METHOD and FUZZ_HANDLER_PATH, the same target
 * fuzzes one handler: the input is the body of that request (meson builds
 * fuzz-shell-offer, -upload, -pairing and -reveal so). */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

#define APP_ID "org.migui.FuzzTest"
/* The tree every offer announces; a seed uploads it as it is. */
#define TREE "{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"" APP_ID "\",\"version\":\"1.0\"}," \
             "\"reason\":\"migrate\",\"windows\":[]}"
#define DEVICE "0000000000000000000000000000000000000000000000000000000000000f00"
/* The nonce every pairing commits to; a seed reveals it. */
#define NONCE "0123456789abcdef0123456789abcdef"

static MigShell *shell;

static gboolean
deliver_cb (MigShell   *self,
            const char *id,
            const char *app_id,
            GFile      *file,
            gpointer    user_data)
{
  /* The application restores what it got, or fails, by the tree's size. */
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL) && length % 2 == 0)
    mig_shell_report_restored (self, id, NULL);
  else
    mig_shell_report_failed (self, id, "The fuzzed application failed");
  return TRUE;
}

static void
setup (void)
{
  g_autofree char *root = g_dir_make_tmp ("mig-fuzz-shell-XXXXXX", NULL);
  g_autofree char *apps = g_build_filename (root, "data", "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, APP_ID ".desktop", NULL);
  g_autofree char *config = g_build_filename (root, "config", NULL);
  g_autofree char *incoming = g_build_filename (root, "incoming", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (apps, 0700);
  g_file_set_contents (desktop, "[Desktop Entry]\nType=Application\nName=Fuzz Test\nExec=false %F\n"
                                "X-Migui-Version=1.0\n", -1, NULL);
  *strrchr (apps, '/') = '\0';
  g_setenv ("XDG_DATA_HOME", apps, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", root, TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  shell = mig_shell_new (config, &error);
  g_assert (shell != NULL);
  mig_shell_set_incoming_dir (shell, incoming);
  mig_shell_set_accept_policy (shell, MIG_ACCEPT_POLICY_ALL);
  /* No listening socket and no TLS: requests come in on memory streams,
   * from the device the shell is told here. */
  shell->server = soup_server_new (NULL, NULL);
  shell->streams_fingerprint = g_strdup (DEVICE);
  shell->offers_per_minute = G_MAXUINT;
  mig_shell_add_handlers (shell);
  g_signal_connect (shell, "deliver", G_CALLBACK (deliver_cb), NULL);
}

static void
finished_cb (SoupServer        *server,
             SoupServerMessage *msg,
             gboolean          *done)
{
  *done = TRUE;
}

/* Serves @request on a connection of its own; returns what was answered. */
static char *
serve (const char *request,
       gsize       length)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (g_memdup2 (request, length), length, g_free);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 47810);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gulong finished_id;

  finished_id = g_signal_connect (shell->server, "request-finished", G_CALLBACK (finished_cb), &done);
  if (!soup_server_accept_iostream (shell->server, stream, address, address, &error))
    g_error ("The server refused a stream: %s", error->message);
  /* Everything it can do without waiting: long polls stay paused. */
  for (guint idle = 0; idle < 20; )
    if (g_main_context_iteration (NULL, FALSE))
      idle = 0;
    else
      idle++;
  g_signal_handler_disconnect (shell->server, finished_id);
  /* The client hangs up, and the server lets go of the connection. */
  g_io_stream_close (stream, NULL, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
}

static char *
make_offer (void)
{
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TREE, -1);
  g_autofree char *body = g_strdup_printf ("{\"app\":{\"id\":\"" APP_ID "\",\"version\":\"1.0\"},\"mode\":\"move\","
                                           "\"size\":%zu,\"sha256\":\"%s\",\"source\":{\"id\":\"fuzzer\","
                                           "\"name\":\"Fuzzer\"}}", strlen (TREE), sha256);
  g_autofree char *request = g_strdup_printf ("POST /v1/migrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                              strlen (body), body);
  g_autofree char *answer = serve (request, strlen (request));
  const char *id = strstr (answer, "\"id\":\"");

  /* Busy (429) once enough of them are in flight: the input then meets that. */
  return id != NULL ? g_strndup (id + 6, 36) : g_strdup ("00000000-0000-0000-0000-000000000000");
}

static char *
start_pairing (void)
{
  g_autofree char *commitment = g_compute_checksum_for_string (G_CHECKSUM_SHA256, NONCE, -1);
  g_autofree char *body = g_strdup_printf ("{\"device\":{\"id\":\"fuzzer\",\"name\":\"Fuzzer\"},"
                                           "\"commitment\":\"%s\"}", commitment);
  g_autofree char *request = g_strdup_printf ("POST /v1/pairings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                              strlen (body), body);
  g_autofree char *answer = serve (request, strlen (request));
  const char *id = strstr (answer, "\"id\":\"");

  return id != NULL ? g_strndup (id + 6, 36) : g_strdup ("00000000-0000-0000-0000-000000000000");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *id = NULL;
  g_autofree char *pairing = NULL;
  g_autofree char *answer = NULL;
  GString *request;

  if (shell == NULL)
    setup ();

  id = make_offer ();
#ifdef FUZZ_HANDLER_PATH
  /* One pairing at a time per device: the pairing target makes its own. */
  pairing = strcmp (FUZZ_HANDLER_PATH, "/v1/pairings") != 0 ? start_pairing () : g_strdup ("none");
  request = g_string_new (FUZZ_HANDLER_METHOD " " FUZZ_HANDLER_PATH " HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: application/json\r\n");
  g_string_append_printf (request, "Content-Length: %zu\r\nConnection: close\r\n\r\n", size);
  /* The request line's markers become IDs; the body is left as it came. */
  g_string_replace (request, "@ID@", id, 0);
  g_string_replace (request, "@PAIRING@", pairing, 0);
  g_string_append_len (request, (const char *) data, size);
  g_free (answer);
  answer = serve (request->str, request->len);
  if (g_getenv ("FUZZ_SHELL_PRINT") != NULL)
    g_printerr ("%s\n----\n", answer);
  g_string_free (request, TRUE);
#else
  pairing = start_pairing ();
  request = g_string_new_len ((const char *) data, size);
  g_string_replace (request, "@ID@", id, 0);
  g_string_replace (request, "@PAIRING@", pairing, 0);
  /* "@NEXT@" separates requests sent one after the other, each on a
   * connection of its own (libsoup reads no further than the first
   * request of a stream that has ended). */
  for (const char *start = request->str, *end; start != NULL; start = end != NULL ? end + 6 : NULL)
    {
      end = memmem (start, request->len - (start - request->str), "@NEXT@", 6);
      g_free (answer);
      answer = serve (start, end != NULL ? (gsize) (end - start) : request->len - (start - request->str));
      /* To see what a seed gets: FUZZ_SHELL_PRINT=1 fuzz-shell-http-replay DIR */
      if (g_getenv ("FUZZ_SHELL_PRINT") != NULL)
        g_printerr ("%s\n----\n", answer);
    }
  g_string_free (request, TRUE);
#endif

  /* Whatever came in, the shell still answers a plain request. */
  g_free (answer);
  answer = serve ("GET /v1/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 53);
  g_assert (g_str_has_prefix (answer, "HTTP/1.1 200"));

  /* Each input starts afresh: no migration of the last one in flight. */
  g_hash_table_remove_all (shell->migrations);
  g_hash_table_remove_all (shell->offer_times);
  g_hash_table_remove_all (shell->pairings);
  return 0;
}
