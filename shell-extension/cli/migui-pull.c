/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui running, migui continue: "Continue here" from the command line,
 * through the peer shell (org.migui.Shell1 ListRunning and Continue).
 */

#include <glib/gi18n.h>

#include "mig-dbus-names-private.h"
#include "migui-cli.h"

/* The other device's user may be asked: the call waits as long as the
 * shell does. */
#define CONTINUE_CALL_MS (7 * 60 * 1000)

/* The shell's own error for an application not running there, else
 * fail_call's. */
static int
fail_pull (GError *error)
{
  if (g_error_matches (error, MIG_ERROR, MIG_ERROR_NOT_RUNNING))
    return fail (EXIT_NOT_RUNNING, error->message);
  return fail_call (error);
}

static GVariant *
peer_arguments (MigPeer    *peer,
                const char *app_id)
{
  const char *name = mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : "";

  if (app_id == NULL)
    return g_variant_new ("(sqs)", mig_peer_get_address (peer), mig_peer_get_port (peer), name);
  return g_variant_new ("(sqssb)", mig_peer_get_address (peer), mig_peer_get_port (peer), name, app_id,
                        opt_clone);
}

int
cmd_running (const char *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GVariant) titles = NULL;
  const char *id, *name, *icon;
  guint32 windows;

  if (bus == NULL)
    return fail (EXIT_NOT_RUNNING, error->message);
  if ((peer = find_peer (device, &error)) == NULL)
    return fail (exit_for_error (error), error->message);
  reply = call_shell (bus, "ListRunning", peer_arguments (peer, NULL), "(a(sssuas))", -1, &error);
  if (reply == NULL)
    return fail_pull (error);

  if (!opt_json)
    g_print ("%-40s %-24s %-7s %s\n", _("APPLICATION"), _("NAME"), _("WINDOWS"), _("TITLES"));
  json_builder_begin_array (builder);
  g_variant_get (reply, "(a(sssuas))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&su@as)", &id, &name, &icon, &windows, &titles))
    {
      g_autofree const char **list = g_variant_get_strv (titles, NULL);

      if (!opt_json)
        {
          g_autofree char *joined = g_strjoinv (" | ", (char **) list);

          g_print ("%-40s %-24s %-7u %s\n", id, name, windows, joined);
        }
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "icon");
          json_builder_add_string_value (builder, icon);
          json_builder_set_member_name (builder, "windows");
          json_builder_add_int_value (builder, windows);
          json_builder_set_member_name (builder, "titles");
          json_builder_begin_array (builder);
          for (guint i = 0; list[i] != NULL; i++)
            json_builder_add_string_value (builder, list[i]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      g_clear_pointer (&titles, g_variant_unref);
    }
  json_builder_end_array (builder);
  if (opt_json)
    print_json (builder);
  return EXIT_OK;
}

int
cmd_continue (const char *device,
              const char *app_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(MigPeer) peer = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *message = NULL;

  if (bus == NULL)
    return fail (EXIT_NOT_RUNNING, error->message);
  if (!g_application_id_is_valid (app_id))
    {
      message = g_strdup_printf (_("“%s” is not an application ID"), app_id);
      return fail (EXIT_USAGE, message);
    }
  if ((peer = find_peer (device, &error)) == NULL)
    return fail (exit_for_error (error), error->message);
  reply = call_shell (bus, "Continue", peer_arguments (peer, app_id), NULL, CONTINUE_CALL_MS, &error);
  if (reply == NULL)
    return fail_pull (error);
  /* Translators: "org.example.App continues here from Laptop" */
  message = g_strdup_printf (opt_clone ? _("%s copied here from %s") : _("%s continues here from %s"), app_id,
                             mig_peer_get_name (peer) != NULL ? mig_peer_get_name (peer) : device);
  return succeed (message);
}
