/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui pair, unpair, devices and policy: the device's peer shell does
 * the work (over the session bus, org.migui.Shell1); this asks the user.
 */

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <migui.h>

#include "mig-dbus-names-private.h"
#include "migui-cli.h"

/* A pairing takes two users' 30 seconds and some: the call waits longer. */
#define PAIR_CALL_MS (120 * 1000)

GVariant *
call_shell (GDBusConnection  *bus,
            const char       *method,
            GVariant         *parameters,
            const char       *reply_type,
            int               timeout_ms,
            GError          **error)
{
  GVariant *reply =
      g_dbus_connection_call_sync (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH,
                                   MIG_SHELL_INTERFACE, method, parameters,
                                   reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                   G_DBUS_CALL_FLAGS_NONE, timeout_ms, NULL, error);

  if (reply == NULL)
    g_dbus_error_strip_remote_error (*error);
  return reply;
}

int
fail_call (GError *error)
{
  if (exit_for_error (error) == EXIT_NOT_RUNNING)
    return fail (EXIT_NOT_RUNNING, _("The peer shell (migui-shell) is not running"));
  return fail (exit_for_error (error), error->message);
}

/* "123456", "123 456" and "123-456" are the same code. */
static char *
normalize_code (const char *code)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static char *
spaced_code (const char *code)
{
  return strlen (code) == 6 ? g_strdup_printf ("%.3s %.3s", code, code + 3) : g_strdup (code);
}

/* migui pair PEER ----------------------------------------------------------- */

typedef struct
{
  GDBusConnection *bus;
  GMainLoop *loop;
  char *pairing_id;
  GDataInputStream *input;
  GError *error;
  gboolean done;
} Pairing;

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pairing *pairing = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                                     NULL);
  gboolean yes = line != NULL && (g_ascii_strcasecmp (g_strstrip (line), "y") == 0 ||
                                  g_ascii_strcasecmp (line, "yes") == 0 || strcmp (line, _("y")) == 0);

  if (pairing->done || pairing->pairing_id == NULL)
    return;
  g_dbus_connection_call (pairing->bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH,
                          MIG_SHELL_INTERFACE, "ConfirmPairing",
                          g_variant_new ("(sb)", pairing->pairing_id, yes), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  if (yes && !opt_json)
    g_printerr (_("Waiting for the other device…\n"));
}

static void
pairing_requested_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  Pairing *pairing = user_data;
  MigPairingRequested requested;
  g_autofree char *spaced = NULL;

  if (!mig_pairing_requested_unpack (parameters, &requested) || !requested.outgoing ||
      pairing->pairing_id != NULL)
    return;
  pairing->pairing_id = g_strdup (requested.pairing_id);
  spaced = spaced_code (requested.code);
  if (requested.identity_changed)
    g_printerr (_("WARNING: %s was paired with this device before, with another certificate: its identity "
                  "changed. Pair again only if you know why (it was reinstalled, say).\n"), requested.device_name);
  /* The code goes to stdout, so that scripts (and tests) can read it. */
  g_print (_("Verification code: %s\n"), spaced);
  fflush (stdout);
  g_printerr (_("Check that %s shows the same code, and confirm there too. Pair? [y/N] "),
              requested.device_name);
  g_data_input_stream_read_line_async (pairing->input, G_PRIORITY_DEFAULT, NULL, answered_cb, pairing);
}

static void
paired_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pairing *pairing = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &pairing->error);

  if (reply == NULL)
    g_dbus_error_strip_remote_error (pairing->error);
  pairing->done = TRUE;
  g_main_loop_quit (pairing->loop);
}

static void
peer_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

MigPeer *
find_peer (const char  *name,
           GError     **error)
{
  g_autoptr(MigPeerBrowser) browser = mig_peer_browser_new ();
  g_autoptr(GAsyncResult) result = NULL;

  mig_peer_browser_start (browser);
  mig_peer_browser_find_async (browser, name, NULL, peer_found_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return mig_peer_browser_find_finish (browser, result, error);
}

static int
answer_pairing (GDBusConnection *bus,
                const char      *code_text,
                gboolean         accept)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_shell (bus, "GetPairings", NULL, "(a(sssbb))", -1, &error);
  g_autofree char *code = normalize_code (code_text);
  g_autoptr(GVariantIter) iter = NULL;
  const char *id, *name, *shown;
  gboolean outgoing, changed;

  if (reply == NULL)
    return fail_call (error);
  g_variant_get (reply, "(a(sssbb))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&sbb)", &id, &name, &shown, &outgoing, &changed))
    if (!outgoing && strcmp (shown, code) == 0)
      {
        g_autoptr(GVariant) done = call_shell (bus, "ConfirmPairing", g_variant_new ("(sb)", id, accept), NULL, -1,
                                               &error);
        g_autofree char *message = NULL;

        if (done == NULL)
          return fail_call (error);
        message = g_strdup_printf (accept ? _("Confirmed the pairing with %s") : _("Rejected the pairing with %s"),
                                   name);
        return succeed (message);
      }
  {
    g_autofree char *message = g_strdup_printf (_("No pairing request shows the code %s"), code_text);
    return fail (EXIT_NO_PEER, message);
  }
}

static int
list_pairings (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_shell (bus, "GetPairings", NULL, "(a(sssbb))", -1, &error);
  g_autoptr(GVariantIter) iter = NULL;
  const char *id, *name, *code;
  gboolean outgoing, changed;

  if (reply == NULL)
    return fail_call (error);
  g_variant_get (reply, "(a(sssbb))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&sbb)", &id, &name, &code, &outgoing, &changed))
    if (!outgoing)
      {
        g_autofree char *spaced = spaced_code (code);

        g_print (_("%s wants to pair, showing the code %s%s\n"), name, spaced,
                 changed ? _(" (its identity changed since it was paired)") : "");
      }
  return EXIT_OK;
}

int
cmd_pair (const char *peer_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Pairing pairing = { 0 };
  guint subscription;
  g_autofree char *message = NULL;

  if (bus == NULL)
    return fail (EXIT_NOT_RUNNING, error->message);
  if (opt_accept != NULL || opt_reject != NULL)
    return peer_name != NULL ? fail (EXIT_USAGE, _("--accept and --reject take no device")) :
                               answer_pairing (bus, opt_accept != NULL ? opt_accept : opt_reject, opt_accept != NULL);
  if (peer_name == NULL)
    return list_pairings (bus);

  peer = find_peer (peer_name, &error);
  if (peer == NULL)
    return fail (exit_for_error (error), error->message);

  loop = g_main_loop_new (NULL, FALSE);
  stdin_stream = g_unix_input_stream_new (0, FALSE);
  pairing.bus = bus;
  pairing.loop = loop;
  pairing.input = g_data_input_stream_new (stdin_stream);
  subscription =
      g_dbus_connection_signal_subscribe (bus, NULL, MIG_SHELL_INTERFACE, "PairingRequested",
                                          MIG_SHELL_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                          pairing_requested_cb, &pairing, NULL);
  g_dbus_connection_call (bus, MIG_SHELL_BUS_NAME, MIG_SHELL_OBJECT_PATH, MIG_SHELL_INTERFACE,
                          "Pair",
                          g_variant_new ("(sqs)", mig_peer_get_address (peer),
                                         mig_peer_get_port (peer),
                                         mig_peer_get_name (peer) != NULL ?
                                             mig_peer_get_name (peer) :
                                             ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, PAIR_CALL_MS, NULL, paired_cb, &pairing);
  g_main_loop_run (loop);
  g_dbus_connection_signal_unsubscribe (bus, subscription);
  g_clear_object (&pairing.input);
  g_free (pairing.pairing_id);
  if (pairing.error != NULL)
    {
      int status = fail_call (pairing.error);

      g_error_free (pairing.error);
      return status;
    }
  message = g_strdup_printf (_("Paired with %s"), mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer)
                                                                                    : peer_name);
  return succeed (message);
}

/* migui unpair, devices ------------------------------------------------------ */

static GVariant *
list_devices (GDBusConnection  *bus,
              GError          **error)
{
  return call_shell (bus, "ListDevices", NULL, "(a(ssss))", -1, error);
}

int
cmd_unpair (const char *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autofree char *message = NULL;
  const char *id, *name, *fingerprint, *date;

  if (bus == NULL || (devices = list_devices (bus, &error)) == NULL)
    return fail_call (error);
  /* The device is told, if it can be found on the network. */
  g_variant_get (devices, "(a(ssss))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&s&s)", &id, &name, &fingerprint, &date))
    if (strcmp (id, device) == 0 || strcmp (name, device) == 0 || g_ascii_strcasecmp (fingerprint, device) == 0)
      {
        peer = find_peer (id, NULL);
        break;
      }
  reply = call_shell (bus, "Unpair",
                      g_variant_new ("(ssq)", device, peer != NULL ? mig_peer_get_address (peer) : "",
                                     peer != NULL ? mig_peer_get_port (peer) : 0), NULL, -1, &error);
  if (reply == NULL)
    return fail_call (error);
  message = g_strdup_printf (_("Unpaired %s"), device);
  return succeed (message);
}

int
cmd_devices (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) devices = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *id, *name, *fingerprint, *date;

  if (bus == NULL || (devices = list_devices (bus, &error)) == NULL)
    return fail_call (error);
  if (!opt_json)
    g_print ("%-20s %-38s %-22s %s\n", _("NAME"), _("ID"), _("PAIRED"), _("CERTIFICATE (SHA-256)"));
  json_builder_begin_array (builder);
  g_variant_get (devices, "(a(ssss))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&s&s)", &id, &name, &fingerprint, &date))
    {
      if (!opt_json)
        {
          g_print ("%-20s %-38s %-22s %s\n", name, id, date, fingerprint);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "fingerprint");
      json_builder_add_string_value (builder, fingerprint);
      json_builder_set_member_name (builder, "paired");
      json_builder_add_string_value (builder, date);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (opt_json)
    print_json (builder);
  return EXIT_OK;
}

/* migui policy ---------------------------------------------------------------- */

int
cmd_policy (const char *verb,
            const char *app_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *pull_key = NULL;

  if (bus == NULL)
    return fail (EXIT_NOT_RUNNING, error->message);

  if (strcmp (verb, "list") == 0 && app_id == NULL)
    {
      g_autoptr(GVariantIter) iter = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const char *device, *app, *action;

      if ((reply = call_shell (bus, "ListPolicy", NULL, "(a(sss))", -1, &error)) == NULL)
        return fail_call (error);
      if (!opt_json)
        g_print ("%-38s %-40s %s\n", _("DEVICE"), _("APPLICATION"), _("ACTION"));
      json_builder_begin_array (builder);
      g_variant_get (reply, "(a(sss))", &iter);
      while (g_variant_iter_next (iter, "(&s&s&s)", &device, &app, &action))
        {
          if (!opt_json)
            {
              g_print ("%-38s %-40s %s\n", strcmp (device, "*") == 0 ? _("any paired device") :
                       strcmp (device, "defaults") == 0 ? _("defaults (GSettings)") : device,
                       strcmp (app, "*") == 0 ? _("any application") : app, action);
              continue;
            }
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "device");
          json_builder_add_string_value (builder, device);
          json_builder_set_member_name (builder, "app");
          json_builder_add_string_value (builder, app);
          json_builder_set_member_name (builder, "action");
          json_builder_add_string_value (builder, action);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (opt_json)
        print_json (builder);
      return EXIT_OK;
    }

  if (strcmp (verb, "allow") != 0 && strcmp (verb, "deny") != 0 && strcmp (verb, "ask") != 0)
    return fail (EXIT_USAGE, _("policy takes list, allow, deny or ask"));
  /* Rules for pulls are keyed pull:APP_ID (or pull:* for any). */
  if (opt_pull)
    pull_key = g_strconcat ("pull:", app_id != NULL ? app_id : "*", NULL);
  reply = call_shell (bus, "SetPolicy",
                      g_variant_new ("(sss)", opt_device != NULL ? opt_device : "",
                                     pull_key != NULL ? pull_key : app_id != NULL ? app_id : "", verb),
                      NULL, -1, &error);
  if (reply == NULL)
    return fail_call (error);
  return succeed (NULL);
}
