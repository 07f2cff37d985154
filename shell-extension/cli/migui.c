/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui: the command line of libmigui, for scripts and tests.
 */

#include <stdio.h>
#include <stdlib.h>

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <migui.h>

#include "migui-cli.h"

static const char exit_help[] =
  N_("Commands:\n"
     "  peers                          List the devices applications can go to\n"
     "  pair PEER                      Pair with a device (both show a code to compare)\n"
     "  pair [--accept|--reject CODE]  Answer a pairing another device started\n"
     "  unpair DEVICE                  Forget a paired device (and tell it)\n"
     "  devices                        List the paired devices\n"
     "  policy list                    List the access policy's rules\n"
     "  policy allow|deny|ask [APP_ID] [--device DEVICE] [--pull]\n"
     "                                 Set a rule (default: any app, any paired device;\n"
     "                                 --pull: for that device continuing the app there)\n"
     "  send --to PEER APP_ID [--clone] Move (or copy) a running application\n"
     "  running DEVICE                 List the applications running on a paired device\n"
     "  continue DEVICE APP_ID [--clone]\n"
     "                                 Bring (or copy) an application running there here\n"
     "  save APP_ID FILE               Save a running application to a .migui file\n"
     "  forms APP_ID                   List the forms of a running application that may\n"
     "                                 go to another device on their own, and where they are\n"
     "  send-form APP_ID FORM PEER [move|share|watch]\n"
     "                                 Move, share or show one form on another device\n"
     "  resume FILE                    Resume an application from a .migui file\n"
     "\n"
     "PEER is a device ID, a device name, or HOST:PORT; DEVICE a paired device's\n"
     "ID, name or fingerprint.\n"
     "\n"
     "Exit status:\n"
     "  0   success\n"
     "  1   wrong usage\n"
     "  2   the application is not running\n"
     "  3   no such device, or it cannot be reached\n"
     "  4   the device declined or is busy\n"
     "  5   the application is not installed there\n"
     "  6   the versions of the application do not match\n"
     "  7   the state is invalid or too large\n"
     "  8   the device did not answer in time\n"
     "  9   the device could not be authenticated\n"
     "  10  cancelled\n"
     "  11  any other failure");

gboolean opt_json;
int opt_wait = 2;
char *opt_device;
char *opt_accept;
char *opt_reject;
gboolean opt_clone;
gboolean opt_pull;
static char *opt_to;

int
exit_for_error (const GError *error)
{
  if (error->domain == MIG_ERROR)
    switch (error->code)
      {
      case MIG_ERROR_INVALID_TREE:
      case MIG_ERROR_TOO_LARGE:
      case MIG_ERROR_UNKNOWN_TYPE: return EXIT_INVALID;
      case MIG_ERROR_VERSION_MISMATCH: return EXIT_VERSION;
      case MIG_ERROR_APP_NOT_INSTALLED: return EXIT_NOT_INSTALLED;
      case MIG_ERROR_REJECTED: return EXIT_REJECTED;
      case MIG_ERROR_UNTRUSTED: return EXIT_UNTRUSTED;
      case MIG_ERROR_UNREACHABLE: return EXIT_NO_PEER;
      case MIG_ERROR_TIMEOUT: return EXIT_TIMEOUT;
      case MIG_ERROR_CANCELLED: return EXIT_CANCELLED;
      case MIG_ERROR_NOT_RUNNING: return EXIT_NOT_RUNNING;
      default: return EXIT_FAILED;
      }
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    return EXIT_NOT_RUNNING;
  return EXIT_FAILED;
}

/* What @builder built, as one line of JSON on stdout. */
void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}

/* One line on stderr (or a JSON object on stdout) and the exit status. */
int
fail (int         status,
      const char *message)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, status);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_printerr ("migui: %s\n", message);
  return status;
}

int
succeed (const char *message)
{
  if (opt_json)
    g_print ("{\"ok\":true}\n");
  else if (message != NULL)
    g_print ("%s\n", message);
  return EXIT_OK;
}

static char *
object_path_for_app_id (const char *app_id)
{
  GString *path = g_string_new ("/");

  for (const char *p = app_id; *p != '\0'; p++)
    g_string_append_c (path, *p == '.' ? '/' : *p == '-' ? '_' : *p);
  return g_string_free (path, FALSE);
}

GVariant *
call_app (const char  *app_id,
          const char  *method,
          GVariant    *parameters,
          GError     **error)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autofree char *path = NULL;
  GVariant *reply;

  if (bus == NULL)
    return NULL;
  path = object_path_for_app_id (app_id);
  reply = g_dbus_connection_call_sync (bus, app_id, path, "org.migui.Application1", method, parameters, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, G_MAXINT, NULL, error);
  if (reply == NULL)
    g_dbus_error_strip_remote_error (*error);
  return reply;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static int
cmd_peers (void)
{
  g_autoptr(MigPeerBrowser) browser = mig_peer_browser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean done = FALSE;
  guint n;

  mig_peer_browser_start (browser);
  g_timeout_add_seconds (MAX (opt_wait, 0), timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  n = g_list_model_get_n_items (G_LIST_MODEL (browser));
  if (!opt_json)
    g_print ("%-38s %-20s %-8s %-22s %s\n", _("ID"), _("NAME"), _("FORM"), _("ADDRESS"), _("TRUSTED"));
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MigPeer) peer = g_list_model_get_item (G_LIST_MODEL (browser), i);
      g_autofree char *address = g_strdup_printf ("%s:%u", mig_peer_get_address (peer), mig_peer_get_port (peer));
      const char *ff = mig_form_factor_to_string (mig_peer_get_form_factor (peer));

      if (!opt_json)
        {
          g_print ("%-38s %-20s %-8s %-22s %s\n", mig_peer_get_id (peer), mig_peer_get_name (peer), ff, address,
                   mig_peer_get_trusted (peer) ? _("yes") : _("no"));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mig_peer_get_id (peer));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, mig_peer_get_name (peer));
      json_builder_set_member_name (builder, "form-factor");
      json_builder_add_string_value (builder, ff);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, mig_peer_get_address (peer));
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, mig_peer_get_port (peer));
      json_builder_set_member_name (builder, "fingerprint");
      json_builder_add_string_value (builder, mig_peer_get_fingerprint (peer));
      json_builder_set_member_name (builder, "trusted");
      json_builder_add_boolean_value (builder, mig_peer_get_trusted (peer));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (opt_json)
    print_json (builder);
  return EXIT_OK;
}

static int
cmd_send (const char *app_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *message = NULL;
  gint64 start = g_get_monotonic_time ();
  double restored_ms = 0;
  guint64 bytes = 0;

  if (opt_to == NULL)
    return fail (EXIT_USAGE, _("send needs --to PEER"));
  reply = call_app (app_id, "Migrate", g_variant_new ("(sb)", opt_to, opt_clone), &error);
  if (reply == NULL)
    {
      int status = exit_for_error (error);

      if (status == EXIT_NOT_RUNNING)
        message = g_strdup_printf (_("%s is not running"), app_id);
      return fail (status, message != NULL ? message : error->message);
    }
  if (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(a{sv})")))
    {
      g_autoptr(GVariant) figures = g_variant_get_child_value (reply, 0);

      g_variant_lookup (figures, "restored-ms", "d", &restored_ms);
      g_variant_lookup (figures, "bytes-sent", "t", &bytes);
    }
  if (opt_json)
    {
      char restored[G_ASCII_DTOSTR_BUF_SIZE], total[G_ASCII_DTOSTR_BUF_SIZE];

      /* JSON numbers, whatever the locale's decimal separator. */
      g_ascii_formatd (restored, sizeof restored, "%.2f", restored_ms);
      g_ascii_formatd (total, sizeof total, "%.2f", (g_get_monotonic_time () - start) / 1000.0);
      g_print ("{\"ok\":true,\"restored-ms\":%s,\"total-ms\":%s,\"bytes-sent\":%" G_GUINT64_FORMAT "}\n",
               restored, total, bytes);
      return EXIT_OK;
    }
  message = g_strdup_printf (opt_clone ? _("%s copied to %s") : _("%s moved to %s"), app_id, opt_to);
  return succeed (message);
}

static int
cmd_save (const char *app_id,
          const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_app (app_id, "Save", g_variant_new ("(s)", g_file_peek_path (file)), &error);

  if (reply == NULL)
    {
      g_autofree char *message = NULL;
      int status = exit_for_error (error);

      if (status == EXIT_NOT_RUNNING)
        message = g_strdup_printf (_("%s is not running"), app_id);
      return fail (status, message != NULL ? message : error->message);
    }
  return succeed (NULL);
}

static int
cmd_resume (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GDesktopAppInfo) info = NULL;
  g_autofree char *desktop_id = NULL;
  g_autoptr(GList) files = NULL;

  /* The tree is checked as the application will check it, widget classes
   * included, which needs GTK and libadwaita. */
  if (gtk_init_check ())
    adw_init ();
  tree = mig_form_tree_new_from_file (file, &error);
  if (tree == NULL)
    return fail (exit_for_error (error), error->message);
  desktop_id = g_strconcat (mig_form_tree_get_app_id (tree), ".desktop", NULL);
  info = g_desktop_app_info_new (desktop_id);
  if (info == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not installed"), mig_form_tree_get_app_id (tree));
      return fail (EXIT_NOT_INSTALLED, message);
    }
  files = g_list_append (NULL, file);
  if (!g_app_info_launch (G_APP_INFO (info), files, NULL, &error))
    return fail (EXIT_FAILED, error->message);
  return succeed (NULL);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &opt_to, N_("The device to send to"), N_("PEER") },
    { "clone", 0, 0, G_OPTION_ARG_NONE, &opt_clone, N_("Copy the application instead of moving it"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
    { "wait", 'w', 0, G_OPTION_ARG_INT, &opt_wait, N_("Seconds to look for devices (peers)"), N_("SECONDS") },
    { "device", 'd', 0, G_OPTION_ARG_STRING, &opt_device, N_("The device a policy rule is for"), N_("DEVICE") },
    { "accept", 0, 0, G_OPTION_ARG_STRING, &opt_accept, N_("Accept the pairing that shows this code"), N_("CODE") },
    { "reject", 0, 0, G_OPTION_ARG_STRING, &opt_reject, N_("Reject the pairing that shows this code"), N_("CODE") },
    { "pull", 0, 0, G_OPTION_ARG_NONE, &opt_pull, N_("The policy rule is for pulls (continue)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Errors from applications arrive over D-Bus as MIG_ERROR codes once the
   * domain is registered. */
  (void) MIG_ERROR;

  g_option_context_set_summary (context, _("Move running applications between devices."));
  g_option_context_set_description (context, _(exit_help));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (EXIT_USAGE, error->message);

  if (argc == 2 && strcmp (argv[1], "peers") == 0)
    return cmd_peers ();
  if (argc == 3 && strcmp (argv[1], "send") == 0)
    return cmd_send (argv[2]);
  if (argc == 4 && strcmp (argv[1], "save") == 0)
    return cmd_save (argv[2], argv[3]);
  if (argc == 3 && strcmp (argv[1], "resume") == 0)
    return cmd_resume (argv[2]);
  if ((argc == 2 || argc == 3) && strcmp (argv[1], "pair") == 0)
    return cmd_pair (argc == 3 ? argv[2] : NULL);
  if (argc == 3 && strcmp (argv[1], "unpair") == 0)
    return cmd_unpair (argv[2]);
  if (argc == 3 && strcmp (argv[1], "running") == 0)
    return cmd_running (argv[2]);
  if (argc == 4 && strcmp (argv[1], "continue") == 0)
    return cmd_continue (argv[2], argv[3]);
  if (argc == 2 && strcmp (argv[1], "devices") == 0)
    return cmd_devices ();
  if (argc == 3 && strcmp (argv[1], "forms") == 0)
    return cmd_forms (argv[2]);
  if ((argc == 5 || argc == 6) && strcmp (argv[1], "send-form") == 0)
    return cmd_send_form (argv[2], argv[3], argv[4], argc == 6 ? argv[5] : "move");
  if ((argc == 3 || argc == 4) && strcmp (argv[1], "policy") == 0)
    return cmd_policy (argv[2], argc == 4 ? argv[3] : NULL);

  return fail (EXIT_USAGE, _("unknown command; see migui --help"));
}
