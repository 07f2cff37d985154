/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui-shell: the peer shell of this device.  It serves the migration
 * protocol over HTTPS, announces itself over DNS-SD, owns org.migui.Shell
 * on the session bus, and asks the user about offers.
 */

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <migui.h>

#include "mig-alert-private.h"
#include "mig-dbus-names-private.h"

typedef struct
{
  MigShell *shell;
  gboolean have_display;
  int port;
  char *address;
  char *config_dir;
  char *accept;
  gboolean no_publish;
  GHashTable *pairing_dialogs; /* pairing ID → its question */
} Daemon;

static void
ask_response_cb (GtkWidget  *dialog,
                 const char *response,
                 MigShell   *shell)
{
  const char *offer_id = g_object_get_data (G_OBJECT (dialog), "offer-id");

  mig_shell_answer_offer (shell, offer_id, g_strcmp0 (response, "accept") == 0);
}

static void
ask_cb (MigShell   *shell,
        const char *offer_id,
        const char *device_name,
        const char *app_id,
        const char *app_name,
        Daemon     *daemon)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (!daemon->have_display)
    {
      g_message ("Declining %s from %s: there is no display to ask on", app_name, device_name);
      mig_shell_answer_offer (shell, offer_id, FALSE);
      return;
    }

  /* Translators: "Laptop wants to send Survey Agent" */
  heading = g_strdup_printf (_("%s wants to send %s"), device_name, app_name);
  dialog = mig_alert_new (heading, _("Accept it to continue the application on this device, where it left off."));
  mig_alert_add_response (dialog, "decline", _("_Decline"), ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (dialog, "accept", _("_Accept"), ADW_RESPONSE_SUGGESTED);
  mig_alert_set_default_response (dialog, "accept");
  mig_alert_set_close_response (dialog, "decline");
  g_object_set_data_full (G_OBJECT (dialog), "offer-id", g_strdup (offer_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_response_cb), shell, 0);
  mig_alert_present (dialog, NULL);
}

static void
ask_pull_response_cb (GtkWidget  *dialog,
                      const char *response,
                      MigShell   *shell)
{
  const char *pull_id = g_object_get_data (G_OBJECT (dialog), "pull-id");

  mig_shell_answer_pull (shell, pull_id, g_strcmp0 (response, "allow") == 0);
}

/* A paired device asks for an application running here ("Continue here"
 * there). */
static void
ask_pull_cb (MigShell   *shell,
             const char *pull_id,
             const char *device_name,
             const char *app_id,
             const char *app_name,
             Daemon     *daemon)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: "Desktop wants to continue Survey Agent" */
  heading = g_strdup_printf (_("%s wants to continue %s"), device_name, app_name);
  /* Translators: "Survey Agent moves to Desktop, with everything in its windows." */
  body = g_strdup_printf (_("%s moves to %s, with everything in its windows."), app_name, device_name);
  dialog = mig_alert_new (heading, body);
  mig_alert_add_response (dialog, "deny", _("_Deny"), ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (dialog, "allow", _("_Allow"), ADW_RESPONSE_SUGGESTED);
  mig_alert_set_default_response (dialog, "deny");
  mig_alert_set_close_response (dialog, "deny");
  g_object_set_data_full (G_OBJECT (dialog), "pull-id", g_strdup (pull_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_pull_response_cb), shell, 0);
  mig_alert_present (dialog, NULL);
}

static void
pairing_response_cb (GtkWidget  *dialog,
                     const char *response,
                     MigShell   *shell)
{
  const char *pairing_id = g_object_get_data (G_OBJECT (dialog), "pairing-id");

  mig_shell_confirm_pairing (shell, pairing_id, g_strcmp0 (response, "pair") == 0);
}

/* A pairing another device started: its user and this one compare codes.
 * (Pairings started here are confirmed by whoever started them, such as
 * `migui pair`.) */
static void
pairing_requested_cb (MigShell   *shell,
                      const char *pairing_id,
                      const char *device_name,
                      const char *code,
                      gboolean    outgoing,
                      gboolean    identity_changed,
                      Daemon     *daemon)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (outgoing)
    return;
  if (!daemon->have_display)
    {
      g_message ("%s wants to pair, showing the code %s: confirm with “migui pair --accept %s”%s", device_name,
                 code, code, identity_changed ? " (WARNING: its identity changed since it was paired)" : "");
      return;
    }

  /* Translators: "Pair with Laptop?" */
  heading = g_strdup_printf (_("Pair with %s?"), device_name);
  /* Translators: the code is six digits, shown as "123 456" */
  body = g_strdup_printf (_("%s%s shows the code %.3s %.3s if it is the device you think it is. A paired device "
                            "may send applications to this one."),
                          identity_changed ? _("Warning: this device was paired before with another identity. "
                                               "Pair again only if you know why.\n\n") : "",
                          device_name, code, code + 3);
  dialog = mig_alert_new (heading, body);
  mig_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  mig_alert_add_response (dialog, "pair", _("_Pair"),
                          identity_changed ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  mig_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pairing-id", g_strdup (pairing_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pairing_response_cb), shell, 0);
  g_hash_table_replace (daemon->pairing_dialogs, g_strdup (pairing_id), g_object_ref (dialog));
  mig_alert_present (dialog, NULL);
}

/* The question goes when the pairing ends, however it ends. */
static void
pairing_finished_cb (MigShell   *shell,
                     const char *pairing_id,
                     gboolean    success,
                     const char *message,
                     Daemon     *daemon)
{
  GtkWidget *dialog = g_hash_table_lookup (daemon->pairing_dialogs, pairing_id);

  if (dialog != NULL)
    {
      mig_alert_close (dialog);
      g_hash_table_remove (daemon->pairing_dialogs, pairing_id);
    }
}

static gboolean
parse_policy (const char      *text,
              MigAcceptPolicy *policy)
{
  if (g_strcmp0 (text, "ask") == 0)
    *policy = MIG_ACCEPT_POLICY_ASK;
  else if (g_strcmp0 (text, "trusted") == 0)
    *policy = MIG_ACCEPT_POLICY_TRUSTED;
  else if (g_strcmp0 (text, "all") == 0)
    *policy = MIG_ACCEPT_POLICY_ALL;
  else
    return FALSE;
  return TRUE;
}

/* Makes the shell, listening and on the bus: from GApplication's
 * dbus_register, so that org.migui.Shell1 is exported before the bus name
 * is taken (a caller that started migui-shell through D-Bus activation
 * finds it at once). */
static gboolean
start_shell (Daemon           *daemon,
             GDBusConnection  *connection,
             GError          **error)
{
  MigAcceptPolicy policy = MIG_ACCEPT_POLICY_ASK;

  if (!parse_policy (daemon->accept != NULL ? daemon->accept : "ask", &policy))
    {
      g_printerr (_("migui-shell: --accept must be ask, trusted or all\n"));
      exit (1);
    }

  daemon->shell = mig_shell_new (daemon->config_dir, error);
  if (daemon->shell == NULL)
    return FALSE;
  mig_shell_set_accept_policy (daemon->shell, policy);
  if (daemon->have_display)
    {
      g_autoptr(MigDeviceProfile) profile = mig_device_profile_new_for_display (gdk_display_get_default ());

      mig_shell_set_profile (daemon->shell, profile);
    }
  g_signal_connect (daemon->shell, "ask", G_CALLBACK (ask_cb), daemon);
  /* Without a display nobody is asked: the other device is told how to
   * allow pulls here instead. */
  if (daemon->have_display)
    g_signal_connect (daemon->shell, "ask-pull", G_CALLBACK (ask_pull_cb), daemon);
  g_signal_connect (daemon->shell, "pairing-requested", G_CALLBACK (pairing_requested_cb), daemon);
  g_signal_connect (daemon->shell, "pairing-finished", G_CALLBACK (pairing_finished_cb), daemon);
  if (policy == MIG_ACCEPT_POLICY_ALL)
    g_warning ("--accept all: applications are taken from any device, paired or not (for tests and kiosks only)");

  return mig_shell_listen (daemon->shell, daemon->address, daemon->port, error) &&
         mig_shell_export (daemon->shell, connection, error);
}

#define MIGUI_TYPE_SHELL_APP (migui_shell_app_get_type ())
G_DECLARE_FINAL_TYPE (MiguiShellApp, migui_shell_app, MIGUI, SHELL_APP, GApplication)

struct _MiguiShellApp
{
  GApplication parent_instance;
  Daemon *daemon;
};

G_DEFINE_FINAL_TYPE (MiguiShellApp, migui_shell_app, G_TYPE_APPLICATION)

static gboolean
migui_shell_app_dbus_register (GApplication     *app,
                               GDBusConnection  *connection,
                               const char       *object_path,
                               GError          **error)
{
  if (!G_APPLICATION_CLASS (migui_shell_app_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  if (!start_shell (MIGUI_SHELL_APP (app)->daemon, connection, error))
    {
      g_printerr ("migui-shell: %s\n", (*error)->message);
      exit (1);
    }
  return TRUE;
}

static void
migui_shell_app_class_init (MiguiShellAppClass *klass)
{
  G_APPLICATION_CLASS (klass)->dbus_register = migui_shell_app_dbus_register;
}

static void
migui_shell_app_init (MiguiShellApp *self)
{
}

static void
startup_cb (GApplication *app,
            Daemon       *daemon)
{
  if (daemon->shell == NULL)
    {
      g_printerr (_("migui-shell: there is no session bus\n"));
      exit (1);
    }
  if (!daemon->no_publish)
    mig_shell_publish (daemon->shell);

  g_print ("migui-shell: %s (%s) listening on port %u, fingerprint %s\n",
           mig_shell_get_name (daemon->shell), mig_shell_get_device_id (daemon->shell),
           mig_shell_get_port (daemon->shell), mig_shell_get_fingerprint (daemon->shell));
  fflush (stdout);
  g_application_hold (app);
}

static void
activate_cb (GApplication *app,
             Daemon       *daemon)
{
}

static gboolean
quit_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GApplication) app = NULL;
  Daemon daemon = { NULL, FALSE, 47810, NULL, NULL, NULL, FALSE, NULL };
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &daemon.port, N_("TCP port to listen on (0: any free one)"), N_("PORT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &daemon.address, N_("IP address to listen on (default: all)"), N_("ADDRESS") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Name of this device (stored in the config folder)"), N_("NAME") },
    { "config-dir", 'c', 0, G_OPTION_ARG_FILENAME, &daemon.config_dir, N_("Config folder (default: ~/.config/migui)"), N_("DIR") },
    { "accept", 'a', 0, G_OPTION_ARG_STRING, &daemon.accept, N_("Offers from paired devices without a rule: ask, or trusted (accept); all also accepts unpaired devices (tests only)"), N_("POLICY") },
    { "no-publish", 0, 0, G_OPTION_ARG_NONE, &daemon.no_publish, N_("Do not announce this device over DNS-SD"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  int status;

  daemon.pairing_dialogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_set_summary (context, _("The peer shell of this device: receives applications that other "
                                           "devices send, and lets applications here be sent."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("migui-shell: %s\n", error->message);
      return 1;
    }
  if (daemon.port < 0 || daemon.port > G_MAXUINT16)
    {
      g_printerr (_("migui-shell: --port must be from 0 to 65535\n"));
      return 1;
    }

  if (name != NULL)
    {
      g_autofree char *dir = daemon.config_dir != NULL ? g_strdup (daemon.config_dir)
                                                       : g_build_filename (g_get_user_config_dir (), "migui", NULL);
      g_autofree char *path = g_build_filename (dir, "shell.conf", NULL);
      g_autoptr(GKeyFile) conf = g_key_file_new ();

      g_mkdir_with_parents (dir, 0700);
      g_key_file_load_from_file (conf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
      g_key_file_set_string (conf, "shell", "name", name);
      if (!g_key_file_save_to_file (conf, path, &error))
        {
          g_printerr ("migui-shell: %s\n", error->message);
          return 1;
        }
    }

  daemon.have_display = gtk_init_check ();
  if (daemon.have_display)
    adw_init ();
  else
    g_message ("No display: offers that need asking will be declined");

  app = g_object_new (MIGUI_TYPE_SHELL_APP, "application-id", "org.migui.Shell",
                      "flags", G_APPLICATION_IS_SERVICE | G_APPLICATION_ALLOW_REPLACEMENT, NULL);
  MIGUI_SHELL_APP (app)->daemon = &daemon;
  g_application_set_inactivity_timeout (app, 0);
  g_signal_connect (app, "startup", G_CALLBACK (startup_cb), &daemon);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &daemon);
  g_unix_signal_add (SIGTERM, quit_cb, app);
  g_unix_signal_add (SIGINT, quit_cb, app);

  status = g_application_run (app, 0, NULL);
  g_clear_object (&daemon.shell);
  g_free (daemon.address);
  g_free (daemon.config_dir);
  g_clear_pointer (&daemon.pairing_dialogs, g_hash_table_unref);
  g_free (daemon.accept);
  return status;
}
