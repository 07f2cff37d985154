// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Devices" in Quick Settings: the paired devices and what runs on them
// ("Continue from …"), the migrations going on, the last arrivals and
// departures, and whether paired devices' applications are accepted
// without asking.  A top-bar icon shows while anything moves.

import Clutter from 'gi://Clutter';
import GObject from 'gi://GObject';
import St from 'gi://St';

import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';
import {QuickMenuToggle, SystemIndicator} from 'resource:///org/gnome/shell/ui/quickSettings.js';
import {gettext as _, ngettext} from 'resource:///org/gnome/shell/extensions/extension.js';

import {errorMessage} from './client.js';
import {loadInto} from './asyncMenu.js';
import {PairingDialog} from './pairingDialog.js';

const FORM_FACTOR_ICONS = {
    desktop: 'computer-symbolic',
    phone: 'phone-symbolic',
    tablet: 'input-tablet-symbolic',
    tv: 'video-display-symbolic',
};

const ICON = 'send-to-symbolic';

const DevicesToggle = GObject.registerClass(
class MiguiDevicesToggle extends QuickMenuToggle {
    constructor(client) {
        super({title: _('Devices'), iconName: ICON, toggleMode: false});
        this._client = client;

        this._devicesSection = new PopupMenu.PopupMenuSection();
        this._nearbySection = new PopupMenu.PopupMenuSection();
        this._movingSection = new PopupMenu.PopupMenuSection();
        this._historySection = new PopupMenu.PopupMenuSection();
        this._acceptItem = new PopupMenu.PopupSwitchMenuItem(_('Accept Without Asking'), false);
        this._acceptItem.connect('toggled', (item_, state) => {
            this._client.setAcceptPaired(state ? 'allow' : 'ask')
                .catch(e => Main.notify(_('Could not change the policy'), errorMessage(e)));
        });
        this.menu.addMenuItem(this._devicesSection);
        this.menu.addMenuItem(this._nearbySection);
        this.menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem());
        this.menu.addMenuItem(this._movingSection);
        this.menu.addMenuItem(this._historySection);
        this.menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem());
        this.menu.addMenuItem(this._acceptItem);

        this.connect('clicked', () => {
            if (!this._client.running)
                this._start();
            else
                this.menu.open();
        });
        this.menu.connect('open-state-changed', (menu_, open) => {
            if (open && this._client.running) {
                this._client.refresh().catch(e => console.debug(`migui: ${e.message}`));
                this._fillNearby();
            }
        });
        this._changedId = this._client.connect('changed', () => this._sync());
        this._codeId = this._client.connect('pairing-code', (client_, pairing) => this._askCode(pairing));
        this.connect('destroy', () => {
            this._client.disconnect(this._changedId);
            this._client.disconnect(this._codeId);
            this.pairingDialog?.close();
        });
        this._sync();
    }

    async _start() {
        try {
            await this._client.start();
        } catch (e) {
            Main.notify(_('Could not start the device service'), errorMessage(e));
        }
    }

    _sync() {
        const client = this._client;
        const moving = client.outgoing.size + client.incoming.size;

        this.checked = client.running;
        if (!client.running)
            this.subtitle = _('Service not running');
        else if (moving > 0)
            this.subtitle = ngettext('%d moving', '%d moving', moving).format(moving);
        else
            this.subtitle = ngettext('%d paired', '%d paired', client.devices.length).format(client.devices.length);
        this.menu.setHeader(ICON, _('Devices'), this.subtitle);

        this._devicesSection.removeAll();
        if (!client.running) {
            const start = new PopupMenu.PopupMenuItem(_('Start the Device Service'));
            start.connect('activate', () => this._start());
            this._devicesSection.addMenuItem(start);
        } else if (client.devices.length === 0) {
            this._devicesSection.addMenuItem(new PopupMenu.PopupMenuItem(
                _('No paired devices: pair one with “migui pair”'), {reactive: false}));
        }
        for (const device of client.running ? client.devices : [])
            this._devicesSection.addMenuItem(this._deviceItem(device));

        this._movingSection.removeAll();
        for (const [key, entry] of client.outgoing) {
            const text = entry.pull
                // Translators: "Gallery is coming from Laptop…"
                ? _('%s is coming from %s…').format(entry.app, entry.device)
                // Translators: "Sending Gallery to Desk…"
                : _('Sending %s to %s…').format(entry.app, entry.device);
            const item = new PopupMenu.PopupImageMenuItem(text, 'content-loading-symbolic');
            // (A part of an application is sent in one step: nothing to cancel.)
            if (entry.window)
                item.add_child(this._cancelButton(key, text));
            this._movingSection.addMenuItem(item);
        }
        for (const state of client.incoming.values()) {
            // Translators: the state is offered, receiving, restoring or restored
            this._movingSection.addMenuItem(new PopupMenu.PopupImageMenuItem(
                _('An application is arriving (%s)').format(state), 'content-loading-symbolic'));
        }

        this._historySection.removeAll();
        for (const entry of client.history)
            this._historySection.addMenuItem(new PopupMenu.PopupImageMenuItem(this._describe(entry),
                entry.ok ? 'emblem-ok-symbolic' : 'dialog-warning-symbolic', {reactive: false}));

        this._acceptItem.visible = client.running;
        this._acceptItem.setToggleState(client.acceptPaired === 'allow');
    }

    // The devices nearby that are not paired yet, each with "Pair…".
    async _fillNearby() {
        let nearby;
        try {
            nearby = await this._client.listNearby();
        } catch (e) {
            console.debug(`migui: ${e.message}`);
            return;
        }
        this._nearbySection.removeAll();
        for (const device of nearby.filter(d => !d.paired)) {
            // Translators: "Pair with Desk…"
            const item = new PopupMenu.PopupImageMenuItem(_('Pair with %s…').format(device.name),
                FORM_FACTOR_ICONS[device.formFactor] ?? 'computer-symbolic');
            item.connect('activate', () => this._pair(device));
            this._nearbySection.addMenuItem(item);
        }
    }

    async _pair(device) {
        try {
            await this._client.pair(device);
            // Translators: "Paired with Desk"
            Main.notify(_('Paired with %s').format(device.name), '');
        } catch (e) {
            // Translators: "Could not pair with Desk", then the reason
            Main.notify(_('Could not pair with %s').format(device.name), errorMessage(e));
        }
    }

    _askCode(pairing) {
        this.pairingDialog?.close();
        this.pairingDialog = new PairingDialog(pairing.name, pairing.code, confirm => {
            this.pairingDialog = null;
            this._client.confirmPairing(pairing.id, confirm)
                .catch(e => Main.notify(_('Could not pair with %s').format(pairing.name), errorMessage(e)));
        });
        this.pairingDialog.open();
    }

    _cancelButton(key, what) {
        const button = new St.Button({
            label: _('Cancel'),
            style_class: 'button',
            can_focus: true,
            x_expand: true,
            x_align: Clutter.ActorAlign.END,
            y_align: Clutter.ActorAlign.CENTER,
        });
        // Translators: "Cancel: Sending Gallery to Desk…"
        button.accessible_name = _('Cancel: %s').format(what);
        button.connect('clicked', () => {
            this._client.cancel(key)
                .catch(e => Main.notify(_('Could not cancel'), errorMessage(e)));
        });
        return button;
    }

    _describe(entry) {
        if (!entry.ok)
            return entry.app ? `${entry.app}: ${entry.message}` : entry.message;
        if (!entry.app)
            return _('An application arrived');
        if (entry.incoming)
            // Translators: "Gallery came from Laptop"
            return _('%s came from %s').format(entry.app, entry.device);
        return entry.clone
            ? _('%s copied to %s').format(entry.app, entry.device)
            : _('%s moved to %s').format(entry.app, entry.device);
    }

    // A paired device: "Continue from <device>", its running applications
    // listed when the submenu opens.
    _deviceItem(device) {
        // Translators: "Continue from Laptop"
        const item = new PopupMenu.PopupSubMenuMenuItem(_('Continue from %s').format(device.name), true);
        item.icon.icon_name = 'computer-symbolic';
        item.menu.connect('open-state-changed', (menu, open) => {
            if (open)
                this._fillRunning(menu, device);
        });
        return item;
    }

    async _fillRunning(menu, device) {
        menu.removeAll();
        const apps = await loadInto(menu, _('Looking…'), () => this._client.listRunning(device));
        if (apps === null)
            return;
        if (apps.length === 0)
            menu.addMenuItem(new PopupMenu.PopupMenuItem(_('Nothing to continue'), {reactive: false}));
        for (const app of apps) {
            const item = new PopupMenu.PopupImageMenuItem(app.titles.length > 0
                ? `${app.name} — ${app.titles.join(', ')}` : app.name, app.icon || 'application-x-executable');
            item.connect('activate', () => this._continue(device, app));
            menu.addMenuItem(item);
        }
    }

    async _continue(device, app) {
        try {
            await this._client.continueHere(device, app, false);
            // Translators: "Gallery continues here from Laptop"
            Main.notify(_('%s continues here from %s').format(app.name, device.name), '');
        } catch (e) {
            // Translators: "Could not continue Gallery from Laptop", then the reason
            Main.notify(_('Could not continue %s from %s').format(app.name, device.name), errorMessage(e));
        }
    }
});

export const DevicesIndicator = GObject.registerClass(
class MiguiDevicesIndicator extends SystemIndicator {
    constructor(client) {
        super();
        this._client = client;
        this._indicator = this._addIndicator();
        this._indicator.icon_name = ICON;
        this.toggle = new DevicesToggle(client);
        this.quickSettingsItems.push(this.toggle);
        this._changedId = client.connect('changed', () => this._sync());
        this._sync();
    }

    _sync() {
        // In the top bar while something moves.
        this._indicator.visible = this._client.outgoing.size + this._client.incoming.size > 0;
    }

    destroy() {
        this._client.disconnect(this._changedId);
        this.quickSettingsItems.forEach(item => item.destroy());
        super.destroy();
    }
});
